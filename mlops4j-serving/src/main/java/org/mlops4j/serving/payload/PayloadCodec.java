package org.mlops4j.serving.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.mlops4j.core.Json;

/**
 * Journal lines: one JSON object per record, {@code features} and {@code prediction} embedded as
 * JSON (not as escaped strings), written and read with Jackson's streaming API. At 10,000 scored
 * rows a second, databinding each record, escaping its nested JSON and building strings on the way
 * cost more CPU than the model did: a scored request is written in one pass straight from its
 * rows, and the loader reads lines from the bytes it read from the file.
 *
 * <p>A scored request's lines hold the features as an array of values, with a {@code schema}
 * field naming their names in {@link PayloadSchemas}; {@link #decode} gives them back as an
 * object, as lines without a schema hold them. Readers see one form.
 */
public final class PayloadCodec {
    private PayloadCodec() {
    }

    /** Writes one row's value, the features or the prediction, as a JSON object. */
    @FunctionalInterface
    public interface RowWriter {
        void write(JsonGenerator json, int row) throws IOException;
    }

    /**
     * What every row of one scored request shares. {@code schema}: the {@link PayloadSchemas} id
     * of the names of the features, which the row writer then writes as an array of values; null
     * when it writes them as an object.
     */
    public record RequestHeader(String requestId, String endpoint, String modelName, String modelVersion, String traffic,
                                long scoredAt, double latencyMs, String schema) {
    }

    /** Names for a line's feature values: a schema id to its names. */
    @FunctionalInterface
    public interface SchemaLookup {
        /** The names of schema {@code id}; throws if there is no such schema. */
        List<String> names(String id);
    }

    /** For lines that name no schema; one that does is refused as unreadable. */
    static final SchemaLookup NO_SCHEMAS = id -> {
        throw new IllegalStateException("no payload schemas to read schema " + id + " from");
    };

    /**
     * A thread's encoder, kept between requests: its generator writes one line's object after
     * another into a buffer that is reset per request. Creating a generator and growing a fresh
     * buffer for every request was a fifth of the encoding.
     */
    private static final class LineEncoder {
        /** A buffer grown past this by one large request is not kept. */
        private static final int KEPT_BYTES = 1 << 20;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        final JsonGenerator json;
        String[] lastNames = new String[0];
        PayloadSchemas lastSchemas;
        String lastSchema;
        RoutePart lastRoute;

        LineEncoder() {
            try {
                json = Json.mapper().getFactory().createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            json.setRootValueSeparator(null);
        }
    }

    private static final ThreadLocal<LineEncoder> ENCODERS = ThreadLocal.withInitial(LineEncoder::new);

    /** The lines of rows {@code 0..rows-1} of one scored request, in one pass over them. */
    public static PayloadLines encode(RequestHeader header, int rows, RowWriter features, RowWriter prediction) {
        LineEncoder encoder = ENCODERS.get();
        ByteArrayOutputStream out = encoder.out;
        JsonGenerator g = encoder.json;
        out.reset();
        try {
            RoutePart route = encoder.lastRoute;
            if (route == null || !route.isFor(header)) {
                route = new RoutePart(header);
                encoder.lastRoute = route;
            }
            for (int row = 0; row < rows; row++) {
                g.writeStartObject();
                g.writeFieldName(REQUEST_ID);
                g.writeString(header.requestId());
                g.writeFieldName(ROW_INDEX);
                g.writeNumber(row);
                g.writeRaw(route.json); // the endpoint, model name, model version and traffic fields
                g.writeFieldName(SCORED_AT);
                g.writeNumber(header.scoredAt());
                g.writeFieldName(LATENCY_MS);
                writeMillis(g, header.latencyMs());
                if (route.schemaJson != null) {
                    g.writeRaw(route.schemaJson);
                }
                g.writeFieldName(FEATURES);
                features.write(g, row);
                g.writeFieldName(PREDICTION);
                prediction.write(g, row);
                g.writeEndObject();
                g.writeRaw('\n');
            }
            g.flush();
        } catch (IOException | RuntimeException e) {
            ENCODERS.remove(); // its generator may be left inside an object: never reuse it
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        PayloadLines lines = new PayloadLines(rows, out.toByteArray());
        if (out.size() > LineEncoder.KEPT_BYTES) {
            ENCODERS.remove();
        }
        return lines;
    }

    /**
     * The header fields every line of a route repeats, encoded once: {@code ,"endpoint":...,
     * "traffic":...} exactly as the generator writes them (it writes them here), to be written raw
     * after {@code rowIndex}. Encoding the four strings per line was a third of the encoding.
     */
    private static final class RoutePart {
        final String endpoint;
        final String modelName;
        final String modelVersion;
        final String traffic;
        final String schema;
        final SerializableString json;
        /** {@code ,"schema":"<id>"}, written raw after {@code latencyMs}; null without a schema. */
        final SerializableString schemaJson;

        RoutePart(RequestHeader header) {
            endpoint = header.endpoint();
            modelName = header.modelName();
            modelVersion = header.modelVersion();
            traffic = header.traffic();
            schema = header.schema();
            schemaJson = schema == null ? null : new SerializedString(",\"schema\":" + quoted(schema));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JsonGenerator g = Json.mapper().getFactory().createGenerator(bytes)) {
                g.writeStartObject();
                g.writeStringField(ENDPOINT.getValue(), endpoint);
                g.writeStringField(MODEL_NAME.getValue(), modelName);
                g.writeStringField(MODEL_VERSION.getValue(), modelVersion);
                g.writeStringField(TRAFFIC.getValue(), traffic);
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String object = bytes.toString(StandardCharsets.UTF_8);
            json = new SerializedString("," + object.substring(1, object.length() - 1));
        }

        boolean isFor(RequestHeader header) {
            return Objects.equals(endpoint, header.endpoint()) && Objects.equals(modelName, header.modelName())
                    && Objects.equals(modelVersion, header.modelVersion()) && Objects.equals(traffic, header.traffic())
                    && Objects.equals(schema, header.schema());
        }
    }

    /** A string as a JSON string literal, quotes included, escaped as the generator escapes it. */
    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /**
     * A latency in milliseconds to the microsecond, as a decimal written from integers: the
     * shortest-decimal conversion of a double was a tenth of the encoding, and nanosecond digits
     * of a wall-clock latency mean nothing.
     */
    static void writeMillis(JsonGenerator g, double millis) throws IOException {
        if (!(millis >= 0 && millis < 1e12)) {
            g.writeNumber(millis); // NaN, negative or absurd: as it is
            return;
        }
        long micros = Math.round(millis * 1000);
        long whole = micros / 1000;
        int fraction = (int) (micros % 1000);
        if (fraction == 0) {
            g.writeNumber(whole);
            return;
        }
        char[] digits = new char[24];
        String integer = Long.toString(whole);
        integer.getChars(0, integer.length(), digits, 0);
        int n = integer.length();
        digits[n++] = '.';
        digits[n++] = (char) ('0' + fraction / 100);
        digits[n++] = (char) ('0' + fraction / 10 % 10);
        digits[n++] = (char) ('0' + fraction % 10);
        while (digits[n - 1] == '0') {
            n--;
        }
        g.writeNumber(digits, 0, n);
    }

    /**
     * The id in {@code schemas} of {@code count} names, e.g. a table's columns, registered there if
     * new. The calling thread's last id is returned again while the names are the very same
     * strings (a model's columns, request after request), so a request costs no hashing.
     */
    public static String schema(PayloadSchemas schemas, int count, IntFunction<String> name) {
        LineEncoder encoder = ENCODERS.get();
        String[] last = encoder.lastNames;
        boolean same = encoder.lastSchemas == schemas && last.length == count;
        for (int i = 0; same && i < count; i++) {
            same = last[i] == name.apply(i);
        }
        if (!same) {
            String[] names = new String[count];
            for (int i = 0; i < count; i++) {
                names[i] = name.apply(i);
            }
            String id = schemas.register(List.of(names));
            encoder.lastNames = names;
            encoder.lastSchemas = schemas;
            encoder.lastSchema = id;
        }
        return encoder.lastSchema;
    }

    /** The records as newline-terminated lines, ready for one write. */
    static PayloadLines encode(List<PayloadRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * records.size());
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.setRootValueSeparator(null);
            for (PayloadRecord r : records) {
                writeHeader(g, r.requestId(), r.rowIndex(), r.endpoint(), r.modelName(), r.modelVersion(), r.traffic(),
                        r.scoredAt(), r.latencyMs());
                g.writeFieldName("features");
                g.writeRawValue(r.features());
                g.writeFieldName("prediction");
                g.writeRawValue(r.prediction());
                g.writeEndObject();
                g.flush();
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PayloadLines(records.size(), out.toByteArray());
    }

    private static final SerializedString REQUEST_ID = new SerializedString("requestId");
    private static final SerializedString ROW_INDEX = new SerializedString("rowIndex");
    private static final SerializedString ENDPOINT = new SerializedString("endpoint");
    private static final SerializedString MODEL_NAME = new SerializedString("modelName");
    private static final SerializedString MODEL_VERSION = new SerializedString("modelVersion");
    private static final SerializedString TRAFFIC = new SerializedString("traffic");
    private static final SerializedString SCORED_AT = new SerializedString("scoredAt");
    private static final SerializedString LATENCY_MS = new SerializedString("latencyMs");
    private static final SerializedString FEATURES = new SerializedString("features");
    private static final SerializedString PREDICTION = new SerializedString("prediction");

    private static void writeHeader(JsonGenerator g, String requestId, int rowIndex, String endpoint, String modelName,
                                    String modelVersion, String traffic, long scoredAt, double latencyMs) throws IOException {
        g.writeStartObject();
        g.writeFieldName(REQUEST_ID);
        g.writeString(requestId);
        g.writeFieldName(ROW_INDEX);
        g.writeNumber(rowIndex);
        g.writeFieldName(ENDPOINT);
        g.writeString(endpoint);
        g.writeFieldName(MODEL_NAME);
        g.writeString(modelName);
        g.writeFieldName(MODEL_VERSION);
        g.writeString(modelVersion);
        g.writeFieldName(TRAFFIC);
        g.writeString(traffic);
        g.writeFieldName(SCORED_AT);
        g.writeNumber(scoredAt);
        g.writeFieldName(LATENCY_MS);
        writeMillis(g, latencyMs);
    }

    /** A number as JSON: whole values without a fraction ({@code 31}, not {@code 31.0}), which is shorter and faster. */
    public static void writeNumber(JsonGenerator g, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 0x1p53 && (value != 0 || 1 / value > 0)) {
            g.writeNumber((long) value);
        } else {
            g.writeNumber(value);
        }
    }

    /** What the loader groups lines by: the fields before a record's features. */
    record LineHeader(String endpoint, String modelName, String modelVersion, String traffic, long scoredAt) {
    }

    /**
     * Reads the header fields of the line in {@code bytes[offset, offset + length)}, and stops there:
     * they are written before the features, so the features are never parsed.
     */
    static LineHeader readHeader(byte[] bytes, int offset, int length) {
        return readHeader(new PayloadHeaderScanner(), bytes, offset, length);
    }

    /** {@link #readHeader(byte[], int, int)} with the reader's own scanner, which reuses the previous line's strings. */
    static LineHeader readHeader(PayloadHeaderScanner scanner, byte[] bytes, int offset, int length) {
        LineHeader written = scanner.header(bytes, offset, length);
        return written != null ? written : parseHeader(bytes, offset, length);
    }

    /** {@link #readHeader} by a JSON parser: lines with escapes, of an earlier format, or damaged. */
    static LineHeader parseHeader(byte[] bytes, int offset, int length) {
        try (JsonParser p = objectParser(bytes, offset, length)) {
            String endpoint = null;
            String modelName = null;
            String modelVersion = null;
            String traffic = null;
            long scoredAt = 0;
            int seen = 0;
            while (seen < 5 && p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "endpoint" -> endpoint = p.getValueAsString();
                    case "modelName" -> modelName = p.getValueAsString();
                    case "modelVersion" -> modelVersion = p.getValueAsString();
                    case "traffic" -> traffic = p.getValueAsString();
                    case "scoredAt" -> scoredAt = p.getValueAsLong();
                    default -> {
                        p.skipChildren();
                        continue;
                    }
                }
                seen++;
            }
            if (endpoint == null || traffic == null) {
                throw new IllegalStateException("endpoint or traffic is missing");
            }
            return new LineHeader(endpoint, modelName, modelVersion, traffic, scoredAt);
        } catch (IOException | RuntimeException e) {
            throw corrupt(bytes, offset, length, e);
        }
    }

    /**
     * Reads one line that names no schema. {@code features} and {@code prediction} come back as the
     * JSON text they were written as; lines of the first format, where they were strings, read as well.
     */
    static PayloadRecord decode(String line) {
        return decode(line, NO_SCHEMAS);
    }

    /** {@link #decode(String)}, with the names of feature values from {@code schemas}. */
    static PayloadRecord decode(String line, SchemaLookup schemas) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length, schemas);
    }

    /** Reads the line in {@code bytes[offset, offset + length)}, without its newline, that names no schema. */
    static PayloadRecord decode(byte[] bytes, int offset, int length) {
        return decode(bytes, offset, length, NO_SCHEMAS);
    }

    /**
     * Reads the line in {@code bytes[offset, offset + length)}, without its newline. Features
     * written as values come back as the object of their schema's names, each value's text as written.
     */
    static PayloadRecord decode(byte[] bytes, int offset, int length, SchemaLookup schemas) {
        try (JsonParser p = objectParser(bytes, offset, length)) {
            String requestId = null;
            String endpoint = null;
            String modelName = null;
            String modelVersion = null;
            String traffic = null;
            String features = null;
            List<String> values = null;
            String schema = null;
            String prediction = null;
            int rowIndex = 0;
            long scoredAt = 0;
            double latencyMs = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "requestId" -> requestId = p.getValueAsString();
                    case "rowIndex" -> rowIndex = p.getValueAsInt();
                    case "endpoint" -> endpoint = p.getValueAsString();
                    case "modelName" -> modelName = p.getValueAsString();
                    case "modelVersion" -> modelVersion = p.getValueAsString();
                    case "traffic" -> traffic = p.getValueAsString();
                    case "scoredAt" -> scoredAt = p.getValueAsLong();
                    case "latencyMs" -> latencyMs = p.getValueAsDouble();
                    case "schema" -> schema = p.getValueAsString();
                    case "features" -> {
                        if (value == JsonToken.START_ARRAY) {
                            values = valueTexts(p, bytes, offset);
                        } else {
                            features = jsonText(p, bytes, offset, value);
                        }
                    }
                    case "prediction" -> prediction = jsonText(p, bytes, offset, value);
                    default -> p.skipChildren();
                }
            }
            if (values != null) {
                if (schema == null) {
                    throw new IllegalStateException("feature values without a schema");
                }
                features = namedValues(schemas.names(schema), values);
            }
            if (requestId == null || endpoint == null || traffic == null || features == null || prediction == null) {
                throw new IllegalStateException("a required field is missing");
            }
            return new PayloadRecord(requestId, rowIndex, endpoint, modelName, modelVersion, traffic, scoredAt, latencyMs,
                    features, prediction);
        } catch (IOException | RuntimeException e) {
            throw corrupt(bytes, offset, length, e);
        }
    }

    /** A parser over one line, past the opening brace of its object. */
    private static JsonParser objectParser(byte[] bytes, int offset, int length) throws IOException {
        JsonParser p = Json.mapper().getFactory().createParser(bytes, offset, length);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.close();
            throw new IllegalStateException("not a JSON object");
        }
        return p;
    }

    private static IllegalStateException corrupt(byte[] bytes, int offset, int length, Exception cause) {
        return new IllegalStateException("corrupt payload line: " + new String(bytes, offset, length, StandardCharsets.UTF_8), cause);
    }

    /** The text of each value of the array the parser is at, cut from the line by byte offsets. */
    private static List<String> valueTexts(JsonParser p, byte[] bytes, int offset) throws IOException {
        List<String> texts = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int start = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            p.finishToken(); // a string is read lazily: until then the parser stands inside it
            int end = (int) p.currentLocation().getByteOffset();
            texts.add(new String(bytes, offset + start, end - start, StandardCharsets.UTF_8));
        }
        return texts;
    }

    /** {@code {"name":value,...}}: the object a line without a schema holds for the same features. */
    private static String namedValues(List<String> names, List<String> values) {
        if (names.size() != values.size()) {
            throw new IllegalStateException(values.size() + " feature values for a schema of " + names.size() + " names");
        }
        StringBuilder object = new StringBuilder(16 * values.size() + 2).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                object.append(',');
            }
            object.append(quoted(names.get(i))).append(':').append(values.get(i));
        }
        return object.append('}').toString();
    }

    /** The nested object's own text, cut from the line by the parser's byte offsets (relative to {@code offset}). */
    private static String jsonText(JsonParser p, byte[] bytes, int offset, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value != JsonToken.START_OBJECT) {
            throw new IllegalStateException("expected an object, found " + value);
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getByteOffset();
        return new String(bytes, offset + start, end - start, StandardCharsets.UTF_8);
    }
}
