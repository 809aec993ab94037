package org.mlops4j.server.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.Json;
import org.mlops4j.serving.Prediction;
import org.mlops4j.serving.Scored;

/** Predictions to each protocol's JSON, streamed straight to bytes (this is the hot path). */
final class ScoringResponses {
    private ScoringResponses() {
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] json(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** MLflow pyfunc: {@code {"predictions": [label or value, ...]}}. */
    static byte[] mlflow(Scored scored) {
        return json(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("predictions");
            for (Prediction p : scored.predictions()) {
                value(json, p.value());
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** Native: each row with its class or value, probabilities and, when asked, contributions. */
    static byte[] predictions(Scored scored) {
        return json(json -> {
            json.writeStartObject();
            json.writeStringField("request_id", scored.requestId());
            json.writeStringField("model_name", scored.modelName());
            json.writeStringField("model_version", scored.modelVersion());
            json.writeArrayFieldStart("predictions");
            for (Prediction p : scored.predictions()) {
                json.writeStartObject();
                json.writeFieldName("prediction");
                value(json, p.value());
                doubles(json, "probabilities", p.probabilities());
                doubles(json, "contributions", p.contributions());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /**
     * Open Inference Protocol: one output "predict" (the class or value per row) and, for
     * classifiers, "predict_proba" of shape [rows, classes] with the classes in sorted order.
     */
    static byte[] oip(Scored scored, String modelName, String requestId) {
        return json(json -> {
            json.writeStartObject();
            json.writeStringField("model_name", modelName);
            json.writeStringField("model_version", scored.modelVersion());
            if (requestId != null) {
                json.writeStringField("id", requestId);
            }
            json.writeArrayFieldStart("outputs");
            List<Prediction> rows = scored.predictions();
            boolean numeric = !rows.isEmpty() && rows.get(0).value() instanceof Number;
            json.writeStartObject();
            json.writeStringField("name", "predict");
            json.writeStringField("datatype", numeric ? "FP64" : "BYTES");
            json.writeArrayFieldStart("shape");
            json.writeNumber(rows.size());
            json.writeEndArray();
            json.writeArrayFieldStart("data");
            for (Prediction p : rows) {
                value(json, p.value());
            }
            json.writeEndArray();
            json.writeEndObject();
            if (!rows.isEmpty() && rows.get(0).probabilities() != null) {
                List<String> classes = List.copyOf(rows.get(0).probabilities().keySet()); // sorted
                json.writeStartObject();
                json.writeStringField("name", "predict_proba");
                json.writeStringField("datatype", "FP64");
                json.writeArrayFieldStart("shape");
                json.writeNumber(rows.size());
                json.writeNumber(classes.size());
                json.writeEndArray();
                json.writeObjectFieldStart("parameters");
                json.writeStringField("classes", String.join(",", classes));
                json.writeEndObject();
                json.writeArrayFieldStart("data");
                for (Prediction p : rows) {
                    for (String c : classes) {
                        json.writeNumber(p.probabilities().get(c));
                    }
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void value(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Number number) {
            json.writeNumber(number.doubleValue());
        } else {
            json.writeString(String.valueOf(value));
        }
    }

    private static void doubles(JsonGenerator json, String field, Map<String, Double> values) throws IOException {
        if (values == null) {
            return;
        }
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, Double> e : values.entrySet()) { // in key order (Prediction)
            json.writeNumberField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
    }
}
