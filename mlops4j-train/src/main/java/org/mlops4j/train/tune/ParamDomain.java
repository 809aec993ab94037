package org.mlops4j.train.tune;

import java.util.List;
import org.mlops4j.core.MlopsException;

/** The values one hyperparameter may take. */
public sealed interface ParamDomain {

    /** One of a list of values (numbers or strings). */
    record Choice(List<Object> values) implements ParamDomain {
        public Choice {
            if (values.isEmpty()) {
                throw MlopsException.invalidParameter("A search choice needs at least one value");
            }
            values = List.copyOf(values);
        }
    }

    /**
     * A range [low, high], integers or reals, sampled uniformly or, with {@code log}, uniformly in
     * the logarithm.
     */
    record Range(double low, double high, boolean integer, boolean log) implements ParamDomain {
        public Range {
            if (!(low <= high) || !Double.isFinite(low) || !Double.isFinite(high)) {
                throw MlopsException.invalidParameter("A search range needs finite low <= high, got [%s, %s]", low, high);
            }
            if (log && low <= 0) {
                throw MlopsException.invalidParameter("A log-scaled search range needs low > 0, got %s", low);
            }
            if (integer && (low != Math.rint(low) || high != Math.rint(high))) {
                throw MlopsException.invalidParameter("An integer search range needs integer bounds, got [%s, %s]", low,
                        high);
            }
        }

        /** Position in the sampling space (the logarithm when log-scaled). */
        double toInternal(double value) {
            return log ? Math.log(value) : value;
        }

        double internalLow() {
            return toInternal(integer ? low - 0.5 : low);
        }

        double internalHigh() {
            return toInternal(integer ? high + 0.5 : high);
        }

        /** A sampling-space position back to a value (rounded for integers, kept inside the range). */
        Object fromInternal(double internal) {
            double v = log ? Math.exp(internal) : internal;
            if (integer) {
                long r = Math.round(v);
                return (int) Math.max((long) low, Math.min((long) high, r));
            }
            return Math.max(low, Math.min(high, v));
        }
    }
}
