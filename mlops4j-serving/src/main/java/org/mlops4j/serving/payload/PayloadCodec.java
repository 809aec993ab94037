package org.mlops4j.serving.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.mlops4j.core.Json;

/**
 * Journal lines: one JSON object per record, {@code features} and {@code prediction} embedded as
 * JSON objects (not as escaped strings), written and read with Jackson's streaming API. At 10,000
 * scored rows a second, databinding each record and escaping its nested JSON cost more CPU than the
 * model did.
 */
final class PayloadCodec {
    private PayloadCodec() {
    }

    /** The records as newline-terminated lines, ready for one write. */
    static byte[] encode(List<PayloadRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * records.size());
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.setRootValueSeparator(null);
            for (PayloadRecord r : records) {
                g.writeStartObject();
                g.writeStringField("requestId", r.requestId());
                g.writeNumberField("rowIndex", r.rowIndex());
                g.writeStringField("endpoint", r.endpoint());
                g.writeStringField("modelName", r.modelName());
                g.writeStringField("modelVersion", r.modelVersion());
                g.writeStringField("traffic", r.traffic());
                g.writeNumberField("scoredAt", r.scoredAt());
                g.writeNumberField("latencyMs", r.latencyMs());
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
        return out.toByteArray();
    }

    /**
     * Reads one line. {@code features} and {@code prediction} come back as the JSON text they were
     * written as; lines of the first format, where they were strings, read as well.
     */
    static PayloadRecord decode(String line) {
        try (JsonParser p = Json.mapper().getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("not a JSON object");
            }
            String requestId = null;
            String endpoint = null;
            String modelName = null;
            String modelVersion = null;
            String traffic = null;
            String features = null;
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
                    case "features" -> features = jsonText(p, line, value);
                    case "prediction" -> prediction = jsonText(p, line, value);
                    default -> p.skipChildren();
                }
            }
            if (requestId == null || endpoint == null || traffic == null || features == null || prediction == null) {
                throw new IllegalStateException("a required field is missing");
            }
            return new PayloadRecord(requestId, rowIndex, endpoint, modelName, modelVersion, traffic, scoredAt, latencyMs,
                    features, prediction);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("corrupt payload line: " + line, e);
        }
    }

    /** The nested object's own text, cut from the line by the parser's character offsets. */
    private static String jsonText(JsonParser p, String line, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value != JsonToken.START_OBJECT) {
            throw new IllegalStateException("expected an object, found " + value);
        }
        int start = (int) p.currentTokenLocation().getCharOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getCharOffset();
        return line.substring(start, end);
    }
}
