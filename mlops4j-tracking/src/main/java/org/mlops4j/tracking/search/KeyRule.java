package org.mlops4j.tracking.search;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.mlops4j.tracking.search.Filter.Operator;

/** What one key accepts: the kind of literal on the right and the allowed operators. */
record KeyRule(ValueKind kind, Set<Operator> operators) {

    enum ValueKind { NUMBER, STRING }

    static final KeyRule NUMERIC = of(ValueKind.NUMBER, Operator.EQ, Operator.NE, Operator.GT, Operator.GE,
            Operator.LT, Operator.LE);
    static final KeyRule TEXT = of(ValueKind.STRING, Operator.EQ, Operator.NE, Operator.LIKE, Operator.ILIKE);
    static final KeyRule TEXT_OR_LIST = of(ValueKind.STRING, Operator.EQ, Operator.NE, Operator.LIKE, Operator.ILIKE,
            Operator.IN, Operator.NOT_IN);
    /** Exact matches only, e.g. ids: {@code = != IN NOT IN}. */
    static final KeyRule IDENTIFIER = of(ValueKind.STRING, Operator.EQ, Operator.NE, Operator.IN, Operator.NOT_IN);
    /** For order_by tables, where only the key matters. */
    static final KeyRule SORT_ONLY = new KeyRule(ValueKind.STRING, Set.of());

    KeyRule {
        operators = operators.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(operators));
    }

    private static KeyRule of(ValueKind kind, Operator first, Operator... rest) {
        return new KeyRule(kind, EnumSet.of(first, rest));
    }

    /** e.g. {@code =, !=, LIKE, ILIKE}. */
    String allowed() {
        return operators.stream().map(Operator::symbol).collect(Collectors.joining(", "));
    }
}
