package org.mlops4j.tracking.search;

import java.util.List;
import org.mlops4j.tracking.search.Filter.Comparison;
import org.mlops4j.tracking.search.Filter.Entity;
import org.mlops4j.tracking.search.Filter.Operator;

/** Short constructors for expected ASTs. */
final class FilterFixtures {

    private FilterFixtures() {
    }

    static Comparison metric(String key, Operator op, double value) {
        return new Comparison(Entity.METRIC, key, op, new Filter.Number(value));
    }

    static Comparison param(String key, Operator op, String value) {
        return new Comparison(Entity.PARAM, key, op, new Filter.Text(value));
    }

    static Comparison tag(String key, Operator op, String value) {
        return new Comparison(Entity.TAG, key, op, new Filter.Text(value));
    }

    static Comparison attr(String key, Operator op, String value) {
        return new Comparison(Entity.ATTRIBUTE, key, op, new Filter.Text(value));
    }

    static Comparison attr(String key, Operator op, double value) {
        return new Comparison(Entity.ATTRIBUTE, key, op, new Filter.Number(value));
    }

    static Comparison attrIn(String key, Operator op, String... values) {
        return new Comparison(Entity.ATTRIBUTE, key, op, new Filter.TextList(List.of(values)));
    }

    static Comparison dataset(String key, Operator op, String value) {
        return new Comparison(Entity.DATASET, key, op, new Filter.Text(value));
    }

    static Comparison datasetIn(String key, Operator op, String... values) {
        return new Comparison(Entity.DATASET, key, op, new Filter.TextList(List.of(values)));
    }

    static Filter and(Filter... operands) {
        return new Filter.And(List.of(operands));
    }

    static Filter or(Filter... operands) {
        return new Filter.Or(List.of(operands));
    }
}
