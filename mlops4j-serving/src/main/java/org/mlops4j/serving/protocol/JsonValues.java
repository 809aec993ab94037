package org.mlops4j.serving.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;

/** JSON scalars to plain Java values; anything else is a bad request naming where it was. */
final class JsonValues {
    private JsonValues() {
    }

    static Object scalar(JsonNode node, String where) {
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
        throw badRequest("%s: expected a single value, got %s", where, abbreviate(node.toString()));
    }

    static MlopsException badRequest(String format, Object... args) {
        return new MlopsException(ErrorCode.BAD_REQUEST, format.formatted(args));
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
