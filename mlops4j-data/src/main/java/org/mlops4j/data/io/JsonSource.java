package org.mlops4j.data.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;

/**
 * JSON, streamed token by token (a file need not fit in memory): an array of records, JSON Lines
 * (one record per line), or a columnar payload {@code {"fields": [...], "values": [[...]]}} (also
 * spelled {@code columns}/{@code data}, optionally inside {@code dataframe_split}; and
 * {@code dataframe_records} holding an array of records). Strings stay strings, numbers are
 * numbers, null is missing; nested objects and arrays as values are refused.
 */
final class JsonSource {
    private static final Set<String> NAME_KEYS = Set.of("fields", "columns");
    private static final Set<String> ROW_KEYS = Set.of("values", "data");
    private static final Set<String> WRAPPERS = Set.of("dataframe_split", "dataframe_records");

    private final String file;
    private final ReadOptions options;
    private final RowSink sink;
    private JsonParser parser;
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private Object[] cells = new Object[16];
    private long rows;

    private JsonSource(String file, ReadOptions options, RowSink sink) {
        this.file = file;
        this.options = options;
        this.sink = sink;
    }

    static void read(Path path, ReadOptions options, RowSink sink) {
        String file = path.getFileName().toString();
        JsonSource source = new JsonSource(file, options, sink);
        try (Reader reader = new DecodingReader(Files.newInputStream(path), options.charset(), file);
             JsonParser parser = Json.mapper().createParser(reader)) {
            source.parser = parser;
            source.document();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ReadErrors.at(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "malformed JSON: %s", e.getOriginalMessage());
        } catch (IOException e) {
            throw ReadErrors.file(file, "cannot read: %s", e.getMessage());
        }
    }

    private void document() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw ReadErrors.file(file, "the file is empty");
        }
        if (first == JsonToken.START_ARRAY) {
            records();
            expectEnd();
        } else if (first == JsonToken.START_OBJECT) {
            JsonToken next = parser.nextToken();
            String key = next == JsonToken.FIELD_NAME ? parser.currentName() : null;
            if (key != null && (NAME_KEYS.contains(key) || ROW_KEYS.contains(key) || WRAPPERS.contains(key))) {
                payload();
                expectEnd();
            } else {
                sink.columns(names);
                recordBody(next);
                for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                    if (t != JsonToken.START_OBJECT) {
                        throw error("expected a JSON object on each line (JSON Lines), found %s", t);
                    }
                    recordBody(parser.nextToken());
                }
            }
        } else {
            throw error("expected a JSON array of records or an object, found %s", first);
        }
        sink.columns(names);
    }

    private void expectEnd() throws IOException {
        JsonToken extra = parser.nextToken();
        if (extra != null) {
            throw error("unexpected content after the end of the JSON document: %s", extra);
        }
    }

    /** At START_ARRAY of records. */
    private void records() throws IOException {
        sink.columns(names);
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (t == null) {
                throw error("the file ends inside an array (truncated?)");
            }
            if (t != JsonToken.START_OBJECT) {
                throw error("expected a record (JSON object), found %s", t);
            }
            recordBody(parser.nextToken());
        }
    }

    /** Reads one object's fields, the parser standing on the first FIELD_NAME or END_OBJECT. */
    private void recordBody(JsonToken token) throws IOException {
        java.util.Arrays.fill(cells, null);
        int width = 0;
        for (JsonToken t = token; t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            if (t == null) {
                throw error("the file ends inside an object (truncated?)");
            }
            String key = parser.currentName();
            Integer at = positions.get(key);
            if (at == null) {
                at = names.size();
                names.add(key);
                positions.put(key, at);
                sink.columns(names);
            }
            ensure(at + 1);
            cells[at] = scalar(parser.nextToken(), key);
            width = Math.max(width, at + 1);
        }
        sink.row(cells, Math.max(width, names.size()), line());
        rows++;
    }

    /** The parser has read FIELD_NAME of the first key of a payload object. */
    private void payload() throws IOException {
        for (JsonToken t = parser.currentToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            if (t == null) {
                throw error("the file ends inside an object (truncated?)");
            }
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (NAME_KEYS.contains(key)) {
                fieldNames(value);
            } else if (ROW_KEYS.contains(key)) {
                valueRows(value);
            } else if (key.equals("dataframe_records")) {
                if (value != JsonToken.START_ARRAY) {
                    throw error("'dataframe_records' must be an array of records");
                }
                records();
            } else if (key.equals("dataframe_split")) {
                if (value != JsonToken.START_OBJECT) {
                    throw error("'dataframe_split' must be an object");
                }
                parser.nextToken();
                payload();
            } else {
                parser.skipChildren();
            }
        }
    }

    private void fieldNames(JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw error("'fields' must be an array of column names");
        }
        List<String> given = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw error("a column name must be a string, found %s", t);
            }
            given.add(parser.getText());
        }
        if (rows > 0 && given.size() != names.size()) {
            throw error("%d field names for rows of %d values", given.size(), names.size());
        }
        names.clear();
        names.addAll(given);
        sink.columns(names);
    }

    private void valueRows(JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw error("'values' must be an array of rows");
        }
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (t == null) {
                throw error("the file ends inside the rows (truncated?)");
            }
            if (t != JsonToken.START_ARRAY) {
                throw error("each row of 'values' must be an array, found %s", t);
            }
            long line = line();
            int width = 0;
            for (JsonToken v = parser.nextToken(); v != JsonToken.END_ARRAY; v = parser.nextToken()) {
                if (v == null) {
                    throw error("the file ends inside a row (truncated?)");
                }
                ensure(width + 1);
                cells[width] = scalar(v, names.size() > width ? names.get(width) : "#" + (width + 1));
                width++;
            }
            if (!names.isEmpty() && width != names.size()) {
                throw ReadErrors.at(file, line, 0, "row %d has %d values but there are %d fields", rows + 1, width,
                        names.size());
            }
            if (names.isEmpty()) {
                List<String> generated = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    generated.add("column_" + i);
                }
                names.addAll(generated);
                sink.columns(names);
            }
            sink.row(cells, width, line);
            rows++;
        }
    }

    private Object scalar(JsonToken token, String key) throws IOException {
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_STRING -> {
                String text = parser.getText();
                String trimmed = text.strip();
                yield options.isMissing(trimmed) ? null : new RowSink.Text(trimmed);
            }
            default -> throw error("the value of '%s' is a nested %s; only scalar values are supported", key, token);
        };
    }

    private void ensure(int size) {
        if (cells.length < size) {
            cells = java.util.Arrays.copyOf(cells, Math.max(size, cells.length * 2));
        }
    }

    private long line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private MlopsException error(String format, Object... args) {
        JsonLocation at = parser.currentTokenLocation();
        return ReadErrors.at(file, at.getLineNr(), at.getColumnNr(), format, args);
    }
}
