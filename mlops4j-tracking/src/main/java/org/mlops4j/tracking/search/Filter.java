package org.mlops4j.tracking.search;

import java.util.List;

/**
 * A parsed search filter: MLflow's grammar ({@code <entity>.<key> <op> <value>} joined by AND) plus
 * OR and parentheses, our extension. AND binds tighter than OR.
 */
public sealed interface Filter permits Filter.And, Filter.Or, Filter.Comparison {

    record And(List<Filter> operands) implements Filter {
        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<Filter> operands) implements Filter {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /**
     * One clause. {@code key} is the canonical key: for attributes the canonical wire name
     * (aliases such as {@code run.id} resolved), for the others the metric/param/tag name
     * without quotes.
     */
    record Comparison(Entity entity, String key, Operator operator, Value value) implements Filter {
    }

    enum Entity { METRIC, PARAM, TAG, ATTRIBUTE, DATASET }

    enum Operator {
        EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<="), LIKE("LIKE"), ILIKE("ILIKE"), IN("IN"), NOT_IN("NOT IN");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** A literal on the right of an operator. */
    sealed interface Value permits Text, Number, TextList {
    }

    record Text(String value) implements Value {
    }

    record Number(double value) implements Value {
    }

    record TextList(List<String> values) implements Value {
        public TextList {
            values = List.copyOf(values);
        }
    }
}
