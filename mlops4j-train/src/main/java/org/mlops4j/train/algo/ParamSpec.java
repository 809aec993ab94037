package org.mlops4j.train.algo;

import java.util.List;
import java.util.Locale;
import org.mlops4j.core.MlopsException;

/**
 * One algorithm parameter: its type, default (null when XGBoost decides), allowed range or values,
 * and aliases (e.g. {@code learning_rate} for {@code eta}).
 */
public record ParamSpec(String name, Type type, Object defaultValue, double min, boolean minInclusive, double max,
                        List<String> allowed, List<String> aliases, String description) {

    public enum Type { INT, DOUBLE, STRING }

    public ParamSpec {
        allowed = List.copyOf(allowed);
        aliases = List.copyOf(aliases);
    }

    static ParamSpec integer(String name, int defaultValue, int min, int max, String description, String... aliases) {
        return new ParamSpec(name, Type.INT, defaultValue, min, true, max, List.of(), List.of(aliases), description);
    }

    static ParamSpec real(String name, Double defaultValue, double min, boolean minInclusive, double max,
                          String description, String... aliases) {
        return new ParamSpec(name, Type.DOUBLE, defaultValue, min, minInclusive, max, List.of(), List.of(aliases),
                description);
    }

    static ParamSpec choice(String name, String defaultValue, List<String> allowed, String description) {
        return new ParamSpec(name, Type.STRING, defaultValue, 0, true, 0, allowed, List.of(), description);
    }

    /**
     * Checks and normalises a value (Integer for INT, Double for DOUBLE, String for STRING). Numbers
     * given as text ("0.1") are accepted, as are whole doubles for INT parameters.
     */
    public Object parse(String algorithm, Object raw) {
        if (raw == null) {
            throw invalid(algorithm, "null", "a value is required");
        }
        return switch (type) {
            case INT -> {
                double d = number(algorithm, raw);
                if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                    throw invalid(algorithm, raw, "an integer is required");
                }
                checkRange(algorithm, raw, d);
                yield (int) d;
            }
            case DOUBLE -> {
                double d = number(algorithm, raw);
                if (!Double.isFinite(d)) {
                    throw invalid(algorithm, raw, "a finite number is required");
                }
                checkRange(algorithm, raw, d);
                yield d;
            }
            case STRING -> {
                String s = raw.toString().toLowerCase(Locale.ROOT);
                if (!allowed.contains(s)) {
                    throw invalid(algorithm, raw, "allowed: " + String.join(", ", allowed));
                }
                yield s;
            }
        };
    }

    private double number(String algorithm, Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw invalid(algorithm, raw, "a number is required");
        }
    }

    private void checkRange(String algorithm, Object raw, double d) {
        boolean lowOk = minInclusive ? d >= min : d > min;
        if (!lowOk || d > max) {
            throw invalid(algorithm, raw, "allowed range " + (minInclusive ? "[" : "(") + format(min) + ", "
                    + format(max) + "]");
        }
    }

    private static String format(double v) {
        return v == Double.MAX_VALUE ? "inf" : v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private MlopsException invalid(String algorithm, Object raw, String why) {
        return MlopsException.invalidParameter("Invalid value '%s' for parameter '%s' of algorithm %s: %s", raw, name,
                algorithm, why);
    }
}
