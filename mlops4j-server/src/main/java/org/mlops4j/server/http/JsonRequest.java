package org.mlops4j.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;

/**
 * A request's parameters, from the query string (GET) or the JSON body (everything else), with
 * typed accessors that reject wrong types with INVALID_PARAMETER_VALUE naming the field. int64
 * fields accept numbers and numeric strings (the Java client sends strings).
 */
public final class JsonRequest {
    private final ObjectNode fields;

    private JsonRequest(ObjectNode fields) {
        this.fields = fields;
    }

    public static JsonRequest of(Context ctx) {
        return of(ctx, Long.MAX_VALUE);
    }

    /** Reads the request, refusing a body larger than {@code maxBodyBytes} with INVALID_PARAMETER_VALUE. */
    public static JsonRequest of(Context ctx, long maxBodyBytes) {
        if (ctx.method() == HandlerType.GET) {
            return fromQuery(ctx.queryParamMap());
        }
        String contentType = ctx.header("Content-Type"); // raw: Jetty's parsed form throws on unknown charsets
        byte[] body = ctx.bodyAsBytes();
        if (body.length > maxBodyBytes) {
            throw MlopsException.invalidParameter("Request body is %d bytes; at most %d bytes are allowed", body.length,
                    maxBodyBytes);
        }
        if (body.length == 0) {
            // Some clients send DELETE parameters in the query string rather than a body.
            return ctx.method() == HandlerType.DELETE ? fromQuery(ctx.queryParamMap())
                    : new JsonRequest(JsonNodeFactory.instance.objectNode());
        }
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new MlopsException(ErrorCode.BAD_REQUEST, "Bad Request. Content-Type must be application/json, got "
                    + (contentType == null ? "none" : "'" + contentType + "'"));
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new MlopsException(ErrorCode.BAD_REQUEST, "Malformed JSON in request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new MlopsException(ErrorCode.BAD_REQUEST, "Request body must be a JSON object");
        }
        return new JsonRequest(object);
    }

    static JsonRequest fromQuery(Map<String, List<String>> query) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        query.forEach((key, values) -> {
            if (values.size() == 1) {
                node.put(key, values.get(0));
            } else {
                values.forEach(node.withArray(key)::add);
            }
        });
        return new JsonRequest(node);
    }

    public static JsonRequest of(ObjectNode node) {
        return new JsonRequest(node);
    }

    private JsonNode field(String name) {
        JsonNode node = fields.get(name);
        return node == null || node.isNull() ? null : node;
    }

    public String string(String name) {
        JsonNode node = field(name);
        if (node == null) {
            return null;
        }
        if (node.isArray() && node.size() == 1 && node.get(0).isTextual()) {
            return node.get(0).asText(); // a query key that looked repeated
        }
        if (!node.isValueNode() || node.isBinary()) {
            throw wrongType(name, node, "a string");
        }
        return node.asText();
    }

    public String requiredString(String name) {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            throw missing(name);
        }
        return value;
    }

    public Long int64(String name) {
        JsonNode node = field(name);
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                throw wrongType(name, node, "an integer");
            }
        }
        throw wrongType(name, node, "an integer");
    }

    public long requiredInt64(String name) {
        Long value = int64(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    public int int32(String name, int defaultValue) {
        Long value = int64(name);
        if (value == null) {
            return defaultValue;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw MlopsException.invalidParameter("Invalid value %d for parameter '%s' supplied: out of range", value, name);
        }
        return value.intValue();
    }

    /** A double; also accepts "NaN", "Infinity", "-Infinity" and numeric strings, as proto3 JSON does. */
    public double requiredDouble(String name) {
        JsonNode node = field(name);
        if (node == null) {
            throw missing(name);
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            switch (text) {
                case "NaN", "nan" -> {
                    return Double.NaN;
                }
                case "Infinity", "inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity", "-inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    try {
                        return Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw wrongType(name, node, "a number");
                    }
                }
            }
        }
        throw wrongType(name, node, "a number");
    }

    public boolean bool(String name, boolean defaultValue) {
        JsonNode node = field(name);
        if (node == null) {
            return defaultValue;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual() && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(node.asText());
        }
        throw wrongType(name, node, "a boolean");
    }

    /** A repeated string field; a single string is taken as a list of one. */
    public List<String> strings(String name) {
        JsonNode node = field(name);
        if (node == null) {
            return List.of();
        }
        if (node.isValueNode()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw wrongType(name, node, "a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isValueNode() || element.isNull()) {
                throw wrongType(name, node, "a list of strings");
            }
            values.add(element.asText());
        }
        return values;
    }

    /** A repeated message field, each element wrapped as a request of its own. */
    public List<JsonRequest> objects(String name) {
        JsonNode node = field(name);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType(name, node, "a list of objects");
        }
        List<JsonRequest> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!(element instanceof ObjectNode object)) {
                throw wrongType(name, node, "a list of objects");
            }
            values.add(new JsonRequest(object));
        }
        return values;
    }

    public JsonRequest object(String name) {
        JsonNode node = field(name);
        if (node == null) {
            return null;
        }
        if (!(node instanceof ObjectNode object)) {
            throw wrongType(name, node, "an object");
        }
        return new JsonRequest(object);
    }

    /** The raw JSON text of a field that holds free-form JSON or a string (e.g. a dataset schema). */
    public String jsonText(String name) {
        JsonNode node = field(name);
        return node == null ? null : node.isTextual() ? node.asText() : node.toString();
    }

    private static MlopsException missing(String name) {
        return MlopsException.invalidParameter("Missing value for required parameter '%s'. See the API docs for more "
                + "information about request parameters.", name);
    }

    private static MlopsException wrongType(String name, JsonNode node, String expected) {
        String shown = node.toString();
        if (shown.length() > 100) {
            shown = shown.substring(0, 100) + "...";
        }
        return MlopsException.invalidParameter("Invalid value %s for parameter '%s' supplied: expected %s", shown, name,
                expected);
    }
}
