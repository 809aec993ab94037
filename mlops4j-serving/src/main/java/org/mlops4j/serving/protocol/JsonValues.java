package org.mlops4j.serving.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;

/** JSON scalars to plain Java values; anything else is a bad request naming where it was. */
final class JsonValues {
    private JsonValues() {
    }

    /** Stands for a value that is not a scalar, so that the caller names where it was. */
    static final Object NOT_SCALAR = new Object();

    /** An element of the Open Inference Protocol input {@code input}. */
    static Object element(JsonNode node, String input) {
        Object value = valueOf(node);
        if (value == NOT_SCALAR) {
            throw notScalar("input '" + input + "'", node);
        }
        return value;
    }

    /**
     * A cell of a table ({@code row} &lt; 0: of a single-value column). The location is spelled only
     * for the error: building it for every cell was a string per cell on the scoring path.
     */
    static Object cell(JsonNode node, int row, String column) {
        Object value = valueOf(node);
        if (value == NOT_SCALAR) {
            throw notScalar(row < 0 ? "column '" + column + "'" : "row " + row + ", column '" + column + "'", node);
        }
        return value;
    }

    private static Object valueOf(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        return NOT_SCALAR;
    }

    /**
     * The value {@link #valueOf} makes of the same JSON in a tree, read from the parser's current
     * token {@code t}; NOT_SCALAR for anything else, a number too large for a long included.
     */
    static Object scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? NOT_SCALAR : p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            default -> NOT_SCALAR;
        };
    }

    private static MlopsException notScalar(String where, JsonNode node) {
        return badRequest("%s: expected a single value, got %s", where, abbreviate(node.toString()));
    }

    static MlopsException badRequest(String format, Object... args) {
        return new MlopsException(ErrorCode.BAD_REQUEST, format.formatted(args));
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
