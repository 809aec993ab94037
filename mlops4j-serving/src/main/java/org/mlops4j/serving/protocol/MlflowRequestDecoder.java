package org.mlops4j.serving.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.mlops4j.core.Json;

/**
 * MLflow's scoring input ({@code /invocations}): a JSON object with exactly one of
 * {@code dataframe_split}, {@code dataframe_records}, {@code instances} or {@code inputs} (plus an
 * optional {@code params}), or CSV with a header row.
 */
public final class MlflowRequestDecoder {
    private static final List<String> FORMATS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");
    private static final String PROTOCOL_NOTE = " Note that the MLflow scoring protocol changed in MLflow 2.0: the body "
            + "must be a JSON object with one of the keys " + FORMATS + ".";

    private MlflowRequestDecoder() {
    }

    /**
     * A JSON body. The usual one, a {@code dataframe_split} with its columns before its data and
     * nothing but single values in its rows, is read straight from the parser's tokens: building a
     * JSON tree for it first was a fifth of the scoring path's CPU. Any other body, right or wrong,
     * is read as a tree by {@link #decodeJson(JsonNode)}, so answers and error messages are the same.
     */
    public static RawColumns decodeJson(byte[] body) {
        RawColumns split = streamedSplit(body);
        return split != null ? split : decodeJson(RequestBodies.tree(body));
    }

    /** The usual dataframe_split body's columns, or null for any other body. */
    static RawColumns streamedSplit(byte[] body) {
        try (JsonParser p = Json.mapper().getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            RawColumns split = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String key = p.currentName();
                p.nextToken();
                if (key.equals("dataframe_split") && split == null) {
                    split = streamedSplit(p);
                    if (split == null) {
                        return null;
                    }
                } else if (FORMATS.contains(key)) {
                    return null; // a second format, or a repeated one: the tree path says what is wrong
                } else {
                    p.skipChildren();
                }
            }
            return split;
        } catch (IOException | RuntimeException e) {
            return null; // malformed: the tree path reports it
        }
    }

    private static RawColumns streamedSplit(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return null;
        }
        List<String> names = null;
        Rows rows = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (key.equals("columns") && names == null) {
                names = streamedNames(p, value);
                if (names == null) {
                    return null;
                }
            } else if (key.equals("data") && names != null && rows == null) {
                rows = streamedRows(p, value, names.size());
                if (rows == null) {
                    return null;
                }
            } else if (key.equals("columns") || key.equals("data")) {
                return null; // repeated, or data before its columns
            } else {
                p.skipChildren();
            }
        }
        return rows == null ? null : RawColumns.ofRows(names, rows.cells, rows.count);
    }

    /**
     * The last column names a request brought: clients send the same columns request after
     * request, and taking the same list again spares decoding the names, checking them for
     * repeats, and (as the very same list) finding them in the model's signature. Shared by all
     * threads; requests with other columns replace it and are only slower.
     */
    private static volatile List<String> lastNames = List.of();

    /** Distinct string names; null for anything else. */
    private static List<String> streamedNames(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return null;
        }
        List<String> last = lastNames;
        List<String> names = null; // only built once the names differ from the last ones
        int count = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), count++) {
            if (t != JsonToken.VALUE_STRING) {
                return null;
            }
            if (names == null && count < last.size() && textEquals(p, last.get(count))) {
                continue;
            }
            if (names == null) {
                names = new ArrayList<>(last.subList(0, count));
            }
            names.add(p.getText());
        }
        if (names == null) {
            if (count == last.size()) {
                return last; // the names of last time, which were distinct
            }
            names = new ArrayList<>(last.subList(0, count)); // a prefix of the last names
        }
        if (new HashSet<>(names).size() != names.size()) {
            return null;
        }
        List<String> distinct = List.copyOf(names);
        lastNames = distinct;
        return distinct;
    }

    private static boolean textEquals(JsonParser p, String expected) throws IOException {
        int length = p.getTextLength();
        if (length != expected.length()) {
            return false;
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Cells row after row, in one array grown as rows arrive. */
    private record Rows(Object[] cells, int count) {
    }

    /** Rows of exactly {@code width} single values each; null for anything else. */
    private static Rows streamedRows(JsonParser p, JsonToken value, int width) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return null;
        }
        Object[] cells = new Object[width];
        int rows = 0;
        for (JsonToken row = p.nextToken(); row != JsonToken.END_ARRAY; row = p.nextToken()) {
            if (row != JsonToken.START_ARRAY) {
                return null;
            }
            if (cells.length < (rows + 1) * width) {
                cells = Arrays.copyOf(cells, Math.max(cells.length * 2, (rows + 1) * width));
            }
            int c = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), c++) {
                Object cell = JsonValues.scalar(p, t);
                if (c >= width || cell == JsonValues.NOT_SCALAR) {
                    return null;
                }
                cells[rows * width + c] = cell;
            }
            if (c != width) {
                return null;
            }
            rows++;
        }
        return new Rows(cells, rows);
    }

    public static RawColumns decodeJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw JsonValues.badRequest("Invalid input: the request body must be a JSON object." + PROTOCOL_NOTE);
        }
        List<String> present = FORMATS.stream().filter(body::has).toList();
        if (present.size() != 1) {
            throw JsonValues.badRequest("Invalid input: expected exactly one of %s, got %s.%s", FORMATS, present,
                    PROTOCOL_NOTE);
        }
        JsonNode data = body.get(present.get(0));
        return switch (present.get(0)) {
            case "dataframe_split" -> split(data);
            case "dataframe_records" -> records(data, "dataframe_records");
            default -> rowsOrColumns(data, present.get(0));
        };
    }

    /** {@code {"columns": [...], "data": [[...], ...]}} (an "index" is ignored). */
    private static RawColumns split(JsonNode split) {
        if (!split.isObject() || !split.path("columns").isArray() || !split.path("data").isArray()) {
            throw JsonValues.badRequest("Invalid input: dataframe_split needs 'columns' (a list of names) and 'data' "
                    + "(a list of rows)");
        }
        List<String> names = new ArrayList<>();
        split.get("columns").forEach(n -> names.add(n.asText()));
        Map<String, List<Object>> columns = emptyColumns(names);
        List<List<Object>> byPosition = new ArrayList<>(columns.values()); // no name lookup per cell
        int row = 0;
        for (JsonNode values : split.get("data")) {
            if (!values.isArray() || values.size() != names.size()) {
                throw JsonValues.badRequest("Invalid input: dataframe_split row %d has %s values, expected %d", row,
                        values.isArray() ? values.size() : "no list of", names.size());
            }
            for (int c = 0; c < names.size(); c++) {
                byPosition.get(c).add(JsonValues.cell(values.get(c), row, names.get(c)));
            }
            row++;
        }
        return RawColumns.of(columns, row);
    }

    /** A list of {"name": value} objects; missing keys are missing values. */
    private static RawColumns records(JsonNode records, String key) {
        if (!records.isArray()) {
            throw JsonValues.badRequest("Invalid input: %s must be a list of objects", key);
        }
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        int row = 0;
        for (JsonNode record : records) {
            if (!record.isObject()) {
                throw JsonValues.badRequest("Invalid input: %s row %d is not an object", key, row);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                List<Object> column = columns.computeIfAbsent(field.getKey(), k -> new ArrayList<>());
                while (column.size() < row) {
                    column.add(null);
                }
                column.add(JsonValues.cell(field.getValue(), row, field.getKey()));
            }
            row++;
        }
        for (List<Object> column : columns.values()) {
            while (column.size() < row) {
                column.add(null);
            }
        }
        return RawColumns.of(columns, row);
    }

    /** {@code instances}/{@code inputs}: a list of row objects, or an object of column lists. */
    private static RawColumns rowsOrColumns(JsonNode data, String key) {
        if (data.isArray()) {
            return records(data, key);
        }
        if (!data.isObject()) {
            throw JsonValues.badRequest("Invalid input: %s must be a list of row objects or an object of columns", key);
        }
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        int rows = -1;
        Iterator<Map.Entry<String, JsonNode>> fields = data.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode values = field.getValue().isArray() ? field.getValue() : null;
            List<Object> column = new ArrayList<>();
            if (values == null) {
                column.add(JsonValues.cell(field.getValue(), -1, field.getKey()));
            } else {
                for (int i = 0; i < values.size(); i++) {
                    column.add(JsonValues.cell(values.get(i), i, field.getKey()));
                }
            }
            if (rows >= 0 && column.size() != rows) {
                throw JsonValues.badRequest("Invalid input: column '%s' has %d values, others have %d", field.getKey(),
                        column.size(), rows);
            }
            rows = column.size();
            columns.put(field.getKey(), column);
        }
        return RawColumns.of(columns, Math.max(rows, 0));
    }

    /** CSV with a header row, as pandas.read_csv would take it; every cell arrives as text, empty is missing. */
    public static RawColumns decodeCsv(String csv) {
        List<String> names = null;
        Map<String, List<Object>> columns = null;
        int row = 0;
        try (CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(true).detectBomHeader(true).ofCsvRecord(csv)) {
            for (CsvRecord record : reader) {
                if (names == null) {
                    names = record.getFields().stream().map(String::trim).toList();
                    columns = emptyColumns(names);
                    continue;
                }
                if (record.getFieldCount() != names.size()) {
                    throw JsonValues.badRequest("Invalid CSV input: line %d has %d fields, the header has %d",
                            record.getStartingLineNumber(), record.getFieldCount(), names.size());
                }
                for (int c = 0; c < names.size(); c++) {
                    String cell = record.getField(c).trim();
                    columns.get(names.get(c)).add(cell.isEmpty() ? null : cell);
                }
                row++;
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof org.mlops4j.core.MlopsException mlops) {
                throw mlops;
            }
            throw JsonValues.badRequest("Invalid CSV input: %s", e.getMessage());
        }
        if (names == null) {
            throw JsonValues.badRequest("Invalid CSV input: no header row");
        }
        return RawColumns.of(columns, row);
    }

    private static Map<String, List<Object>> emptyColumns(List<String> names) {
        Map<String, List<Object>> columns = LinkedHashMap.newLinkedHashMap(names.size());
        for (String name : names) {
            if (columns.put(name, new ArrayList<>()) != null) {
                throw JsonValues.badRequest("Invalid input: column '%s' appears twice", name);
            }
        }
        return columns;
    }
}
