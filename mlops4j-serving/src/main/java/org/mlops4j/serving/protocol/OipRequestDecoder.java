package org.mlops4j.serving.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Open Inference Protocol (KServe V2) inference requests. Two shapes are understood:
 * <ul>
 *   <li>columnar ({@code "content_type": "pd"}, or inputs named after the model's columns): each
 *       input is one column of {@code shape[0]} rows;</li>
 *   <li>a single 2-D tensor {@code [rows, features]}: its columns are the model's columns in
 *       signature order.</li>
 * </ul>
 */
public final class OipRequestDecoder {
    private static final Set<String> NUMERIC_TYPES = Set.of("UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16",
            "INT32", "INT64", "FP16", "FP32", "FP64");

    private OipRequestDecoder() {
    }

    /** The request's id, echoed back in the response (null when absent). */
    public static String requestId(JsonNode body) {
        JsonNode id = body == null ? null : body.get("id");
        return id == null || id.isNull() ? null : id.asText();
    }

    /**
     * @param signatureColumns the model's input columns, in order (used for tensor inputs)
     */
    public static RawColumns decode(JsonNode body, List<String> signatureColumns) {
        if (body == null || !body.isObject()) {
            throw JsonValues.badRequest("Invalid inference request: the body must be a JSON object");
        }
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw JsonValues.badRequest("Invalid inference request: 'inputs' must be a non-empty list");
        }
        boolean pandas = "pd".equals(body.path("parameters").path("content_type").asText(null));
        boolean namedColumns = inputs.size() > 1 || signatureColumns.contains(inputs.get(0).path("name").asText());
        if (pandas || namedColumns) {
            return columnar(inputs);
        }
        return tensor(inputs.get(0), signatureColumns);
    }

    private static RawColumns columnar(JsonNode inputs) {
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        int rows = -1;
        for (JsonNode input : inputs) {
            Tensor tensor = Tensor.of(input);
            int inputRows = tensor.shape.isEmpty() ? 1 : tensor.shape.get(0);
            if (tensor.values.size() != inputRows) {
                throw JsonValues.badRequest("Invalid input '%s': a column input has shape [rows] or [rows, 1], got %s",
                        tensor.name, tensor.shape);
            }
            if (rows >= 0 && inputRows != rows) {
                throw JsonValues.badRequest("Invalid input '%s': %d rows, other inputs have %d", tensor.name, inputRows, rows);
            }
            rows = inputRows;
            if (columns.put(tensor.name, tensor.values) != null) {
                throw JsonValues.badRequest("Invalid inference request: input '%s' appears twice", tensor.name);
            }
        }
        return RawColumns.of(columns, rows);
    }

    private static RawColumns tensor(JsonNode input, List<String> signatureColumns) {
        Tensor tensor = Tensor.of(input);
        if (tensor.shape.size() != 2 || tensor.shape.get(1) != signatureColumns.size()) {
            throw JsonValues.badRequest("Invalid input '%s': a tensor input has shape [rows, %d] (one value per model "
                    + "input column: %s), got %s", tensor.name, signatureColumns.size(), signatureColumns, tensor.shape);
        }
        int rows = tensor.shape.get(0);
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        for (int c = 0; c < signatureColumns.size(); c++) {
            List<Object> column = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                column.add(tensor.values.get(r * signatureColumns.size() + c));
            }
            columns.put(signatureColumns.get(c), column);
        }
        return RawColumns.of(columns, rows);
    }

    /** One input: name, datatype, shape and its row-major data, flattened and checked. */
    private record Tensor(String name, String datatype, List<Integer> shape, List<Object> values) {
        static Tensor of(JsonNode input) {
            String name = input.path("name").asText(null);
            String datatype = input.path("datatype").asText(null);
            JsonNode shapeNode = input.get("shape");
            JsonNode data = input.get("data");
            if (name == null || datatype == null || shapeNode == null || !shapeNode.isArray() || data == null) {
                throw JsonValues.badRequest("Invalid input %s: 'name', 'shape', 'datatype' and 'data' are required",
                        name == null ? "(unnamed)" : "'" + name + "'");
            }
            List<Integer> shape = new ArrayList<>();
            long expected = 1;
            for (JsonNode dim : shapeNode) {
                if (!dim.canConvertToInt() || dim.asInt() < 0) {
                    throw JsonValues.badRequest("Invalid input '%s': shape must hold non-negative integers", name);
                }
                shape.add(dim.asInt());
                expected *= dim.asInt();
            }
            List<Object> values = new ArrayList<>();
            flatten(data, values, name, datatype);
            if (values.size() != expected) {
                throw JsonValues.badRequest("Invalid input '%s': shape %s holds %d values, data has %d", name, shape,
                        expected, values.size());
            }
            return new Tensor(name, datatype, shape, values);
        }

        private static void flatten(JsonNode data, List<Object> out, String name, String datatype) {
            if (data.isArray()) {
                data.forEach(element -> flatten(element, out, name, datatype));
                return;
            }
            Object value = JsonValues.element(data, name);
            boolean ok = switch (datatype) {
                case "BYTES" -> value == null || value instanceof String;
                case "BOOL" -> value == null || value instanceof Boolean;
                default -> NUMERIC_TYPES.contains(datatype) && (value == null || value instanceof Number);
            };
            if (!ok) {
                throw JsonValues.badRequest(NUMERIC_TYPES.contains(datatype) || datatype.equals("BYTES") || datatype.equals("BOOL")
                        ? "Invalid input '%s': datatype %s cannot hold %s".formatted(name, datatype, JsonValues.abbreviate(data.toString()))
                        : "Invalid input '%s': unknown datatype %s".formatted(name, datatype));
            }
            out.add(value);
        }
    }
}
