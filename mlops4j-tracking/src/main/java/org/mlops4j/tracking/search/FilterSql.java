package org.mlops4j.tracking.search;

import java.util.List;
import org.mlops4j.core.MlopsException;
import org.mlops4j.store.jdbc.Sql;
import org.mlops4j.store.jdbc.SqlDialect;

/** Renders one parsed comparison as a SQL condition on a column. Shared by every searchable store. */
public final class FilterSql {
    private final SqlDialect dialect;

    public FilterSql(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Writes the SQL of one leaf comparison; the store decides what a metric, tag or attribute is. */
    @FunctionalInterface
    public interface ComparisonWriter {
        void write(Sql sql, Filter.Comparison comparison);
    }

    /** Writes a whole filter: AND and OR as parenthesised junctions, each leaf through {@code leaves}. */
    public void predicate(Sql sql, Filter filter, ComparisonWriter leaves) {
        switch (filter) {
            case Filter.And and -> junction(sql, and.operands(), " AND ", leaves);
            case Filter.Or or -> junction(sql, or.operands(), " OR ", leaves);
            case Filter.Comparison c -> leaves.write(sql, c);
        }
    }

    private void junction(Sql sql, List<Filter> operands, String operator, ComparisonWriter leaves) {
        sql.append("(");
        for (int i = 0; i < operands.size(); i++) {
            sql.append(i > 0 ? operator : "");
            predicate(sql, operands.get(i), leaves);
        }
        sql.append(")");
    }

    /** {@code column <op> value}, shared by every entity. */
    public void condition(Sql sql, String column, Filter.Comparison c) {
        Object value = switch (c.value()) {
            case Filter.Text t -> t.value();
            case Filter.Number n -> numericArgument(n.value());
            case Filter.TextList l when column.endsWith("experiment_id") -> l.values().stream().map(Long::parseLong).toList();
            case Filter.TextList l -> l.values();
        };
        switch (c.operator()) {
            case EQ, NE, GT, GE, LT, LE -> sql.append(column + " " + c.operator().symbol() + " ?", value);
            case LIKE -> sql.append(dialect.caseSensitiveLike(column, "?"), value);
            case ILIKE -> sql.append(dialect.caseInsensitiveLike(column, "?"), value);
            case IN, NOT_IN -> {
                List<?> values = (List<?>) value;
                if (values.isEmpty()) {
                    throw MlopsException.invalidParameter("IN needs at least one value");
                }
                sql.append(column + (c.operator() == Filter.Operator.IN ? " IN " : " NOT IN ")).appendList(values);
            }
        }
    }

    /**
     * Integral values bind as long: integer columns (times, ids, version numbers) on PostgreSQL will
     * not compare with a double, while double columns accept a long on both databases.
     */
    private static Object numericArgument(double value) {
        return value == Math.rint(value) && Math.abs(value) < 0x1p53 ? (Object) (long) value : (Object) value;
    }
}
