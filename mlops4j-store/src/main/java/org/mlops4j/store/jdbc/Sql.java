package org.mlops4j.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** SQL text with positional arguments, built up piece by piece. Not thread-safe; use per query. */
public final class Sql {
    private final StringBuilder text = new StringBuilder();
    private final List<Object> args = new ArrayList<>();

    public Sql append(String sql, Object... arguments) {
        text.append(sql);
        Collections.addAll(args, arguments);
        return this;
    }

    /** Appends another statement's text and arguments, e.g. as a subquery. */
    public Sql append(Sql other) {
        text.append(other.text);
        args.addAll(other.args);
        return this;
    }

    /** Appends {@code (?, ?, ...)} for the values. */
    public Sql appendList(Collection<?> values) {
        text.append('(');
        int i = 0;
        for (Object value : values) {
            text.append(i++ == 0 ? "?" : ", ?");
            args.add(value);
        }
        return append(")");
    }

    public Query query(Handle handle) {
        Query query = handle.createQuery(text.toString());
        for (int i = 0; i < args.size(); i++) {
            query.bind(i, args.get(i));
        }
        return query;
    }

    /** Reads the current row of a result set; columns by index. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /**
     * Runs the query on the handle's connection with plain JDBC and hands each row to {@code reader}.
     * For hot paths that read thousands of small rows (a page of runs with their metrics, params and
     * tags): Jdbi's per-row and per-argument machinery costs more there than the database does.
     */
    public void forEachRow(Handle handle, RowReader reader) {
        try (PreparedStatement statement = handle.getConnection().prepareStatement(text.toString())) {
            forEachRow(statement, reader);
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /** The same on the statement {@link Database#statement} keeps for this text (prepared once per SQLite connection). */
    public void forEachRow(Database db, Handle handle, RowReader reader) {
        forEachRow(db.statement(handle, text.toString()), reader);
    }

    /**
     * The same on a statement prepared from this text elsewhere (e.g. {@link Database#statement}),
     * which stays open.
     */
    public void forEachRow(PreparedStatement statement, RowReader reader) {
        try {
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    @Override
    public String toString() {
        return text + " " + args;
    }
}
