package org.mlops4j.serving.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadCodecTest {
    @Test
    void recordsRoundTrip_oneLineEach_nestedJsonKeptAsWritten() {
        PayloadRecord plain = new PayloadRecord("req-1", 0, "credit", "credit-risk", "3", "primary", 1_700_000_000_000L, 0.25,
                "{\"Age\":31,\"Purpose\":\"car \\\"new\\\"\\nline\",\"Loan\":null}", "{\"prediction\":\"Risk\",\"probabilities\":{\"Risk\":0.7}}");
        PayloadRecord unicode = new PayloadRecord("req-\u00e9\u4e2d", 7, "e", null, null, "shadow", 1L, 0.015,
                "{\"Name\":\"\u00fc\\u2028\"}", "{\"prediction\":1.5}");
        PayloadLines encoded = PayloadCodec.encode(List.of(plain, unicode));
        assertThat(encoded.count()).isEqualTo(2);
        String text = new String(encoded.bytes(), StandardCharsets.UTF_8);

        String[] lines = text.split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty(); // newline-terminated, so a torn tail is recognisable
        assertThat(PayloadCodec.decode(lines[0])).isEqualTo(plain);
        assertThat(PayloadCodec.decode(lines[1])).isEqualTo(unicode);
        assertThat(lines[0]).contains("\"features\":{\"Age\":31"); // embedded, not an escaped string
    }

    @Test
    void aScoredRequest_isWrittenOneLinePerRow_andReadBackFromTheMiddleOfABuffer() {
        var header = new PayloadCodec.RequestHeader("req-\u00e9", "credit", "credit-risk", "3", "canary", 42L, 0.5, null);
        String[] purposes = {"car", "radio/tv \u00fc"};
        PayloadLines lines = PayloadCodec.encode(header, 2, (json, row) -> {
            json.writeStartObject();
            json.writeStringField("Purpose", purposes[row]);
            json.writeNumberField("Age", 30 + row);
            json.writeEndObject();
        }, (json, row) -> {
            json.writeStartObject();
            json.writeStringField("prediction", row == 0 ? "Risk" : "No Risk");
            json.writeEndObject();
        });
        assertThat(lines.count()).isEqualTo(2);

        byte[] bytes = lines.bytes();
        int firstEnd = indexOf(bytes, (byte) '\n', 0);
        int secondEnd = indexOf(bytes, (byte) '\n', firstEnd + 1);
        assertThat(secondEnd).isEqualTo(bytes.length - 1);
        assertThat(PayloadCodec.decode(bytes, firstEnd + 1, secondEnd - firstEnd - 1)).isEqualTo(new PayloadRecord(
                "req-\u00e9", 1, "credit", "credit-risk", "3", "canary", 42L, 0.5,
                "{\"Purpose\":\"radio/tv \u00fc\",\"Age\":31}", "{\"prediction\":\"No Risk\"}"));
        assertThat(PayloadCodec.decode(bytes, 0, firstEnd).features()).isEqualTo("{\"Purpose\":\"car\",\"Age\":30}");
    }

    @Test
    void aRequestWhoseRowWriterFails_leavesTheThreadsEncoderClean_forTheNextRequest() {
        var header = new PayloadCodec.RequestHeader("req-1", "credit", "m", "1", "primary", 5L, 0.5, null);
        assertThatThrownBy(() -> PayloadCodec.encode(header, 1, (json, row) -> {
            json.writeStartObject();
            json.writeFieldName("Age");
            throw new IllegalStateException("a column that cannot be written");
        }, (json, row) -> json.writeRawValue("{}"))).hasMessageContaining("cannot be written");
        PayloadLines next = PayloadCodec.encode(header, 1, (json, row) -> json.writeRawValue("{\"Age\":3}"),
                (json, row) -> json.writeRawValue("{\"prediction\":1}"));
        assertThat(PayloadCodec.decode(next.bytes(), 0, next.bytes().length - 1)).isEqualTo(new PayloadRecord("req-1", 0,
                "credit", "m", "1", "primary", 5L, 0.5, "{\"Age\":3}", "{\"prediction\":1}"));

        String big = "\"" + "x".repeat(1_500_000) + "\""; // grows the thread's buffer past what it keeps
        PayloadLines large = PayloadCodec.encode(header, 1, (json, row) -> json.writeRawValue("{\"Notes\":" + big + "}"),
                (json, row) -> json.writeRawValue("{}"));
        assertThat(large.bytes().length).isGreaterThan(1_500_000);
        PayloadLines small = PayloadCodec.encode(header, 2, (json, row) -> json.writeRawValue("{\"Age\":" + row + "}"),
                (json, row) -> json.writeRawValue("{}"));
        String text = new String(small.bytes(), StandardCharsets.UTF_8);
        assertThat(text.split("\n")).hasSize(2).allMatch(line -> line.startsWith("{\"requestId\":\"req-1\""));
    }

    @Test
    void aScoredRequestsLines_areTheBytesItsRecordsEncodeTo_asTheRouteChangesOnOneThread() {
        String[][] routes = {{"credit", "credit-risk", "3", "primary"}, {"credit", "credit-risk", "3", "primary"},
                {"credit", "credit-risk", "4", "shadow"}, {"caf\u00e9 \"q\"\n", null, null, "canary"},
                {"credit", "credit-risk", "3", "primary"}};
        double[] latencies = {0.25, 12.0, 1.23449, 0.0004, 7.0305};
        for (int route = 0; route < routes.length; route++) {
            int i = route;
            String[] r = routes[i];
            var header = new PayloadCodec.RequestHeader("req-" + i, r[0], r[1], r[2], r[3], 100L + i, latencies[i], null);
            PayloadLines scored = PayloadCodec.encode(header, 2, (json, row) -> json.writeRawValue("{\"Age\":" + row + "}"),
                    (json, row) -> json.writeRawValue("{\"prediction\":1}"));
            List<PayloadRecord> records = List.of(0, 1).stream().map(row -> new PayloadRecord("req-" + i, row, r[0], r[1], r[2],
                    r[3], 100L + i, latencies[i], "{\"Age\":" + row + "}", "{\"prediction\":1}")).toList();
            assertThat(new String(scored.bytes(), StandardCharsets.UTF_8)).as("route %d", i)
                    .isEqualTo(new String(PayloadCodec.encode(records).bytes(), StandardCharsets.UTF_8));
            assertThat(PayloadCodec.decode(new String(scored.bytes(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow()))
                    .extracting(PayloadRecord::endpoint, PayloadRecord::modelName, PayloadRecord::traffic)
                    .containsExactly(r[0], r[1], r[3]);
        }
    }

    @Test
    void latencies_areWrittenToTheMicrosecond() {
        double[] millis = {0.25, 12.0, 1.23449, 1.2345, 0.0004, 0.0005, 0.999_9996, 1234567.1, 0.1 + 0.2};
        String[] written = {"0.25", "12", "1.234", "1.235", "0", "0.001", "1", "1234567.1", "0.3"};
        for (int i = 0; i < millis.length; i++) {
            var out = new java.io.ByteArrayOutputStream();
            try (var g = org.mlops4j.core.Json.mapper().getFactory().createGenerator(out)) {
                PayloadCodec.writeMillis(g, millis[i]);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).as("%s ms", millis[i]).isEqualTo(written[i]);
        }
    }

    @Test
    void theSchema_followsTheColumns_evenWhenTheyChangeOnTheSameThread(@TempDir Path journal) {
        PayloadSchemas schemas = new PayloadSchemas(journal);
        String[] first = {"Age", "Purpose"};
        String ageAndPurpose = PayloadCodec.schema(schemas, 2, i -> first[i]);
        assertThat(schemas.names(ageAndPurpose)).containsExactly("Age", "Purpose");
        String[] equalButNew = {new String("Age"), new String("Purpose")};
        assertThat(PayloadCodec.schema(schemas, 2, i -> equalButNew[i])).isEqualTo(ageAndPurpose);
        String[] other = {"Age", "Loan", "Job"};
        assertThat(schemas.names(PayloadCodec.schema(schemas, 3, i -> other[i]))).containsExactly("Age", "Loan", "Job");
        String[] shorter = {"Age", "Loan"};
        assertThat(schemas.names(PayloadCodec.schema(schemas, 2, i -> shorter[i]))).containsExactly("Age", "Loan");

        PayloadSchemas elsewhere = new PayloadSchemas(journal.resolve("other")); // the same names, another journal
        assertThat(PayloadCodec.schema(elsewhere, 2, i -> shorter[i])).isEqualTo(schemas.register(List.of("Age", "Loan")));
        assertThat(new PayloadSchemas(journal.resolve("other")).names(schemas.register(List.of("Age", "Loan"))))
                .as("registered on disk in the second journal too, not only remembered by the thread")
                .containsExactly("Age", "Loan");
    }

    @Test
    void featureValuesWithASchema_readBackAsTheObjectALineWithNamesHolds(@TempDir Path journal) {
        PayloadSchemas schemas = new PayloadSchemas(journal);
        List<String> names = List.of("Age", "Purpose \"q\"\n", "caf\u00e9 \u4e2d", "Loan", "Rate", "Notes", "Flag", "Nested");
        String[] values = {"31", "\"car \\\"new\\\"\\nline\"", "\"\u00fc\\u2028\"", "null", "-1.5E-7", "\"NaN\"", "true",
                "{\"a\":[1,{\"b\":\"]\"}]}"};
        String schema = PayloadCodec.schema(schemas, names.size(), names::get);
        var header = new PayloadCodec.RequestHeader("req-1", "credit", "credit-risk", "3", "primary", 42L, 0.5, schema);
        PayloadLines withSchema = PayloadCodec.encode(header, 1, (json, row) -> json.writeRawValue("[" + String.join(",", values) + "]"),
                (json, row) -> json.writeRawValue("{\"prediction\":1}"));
        String line = new String(withSchema.bytes(), StandardCharsets.UTF_8).strip();
        assertThat(line).contains(",\"schema\":\"" + schema + "\",\"features\":[31,").doesNotContain("Purpose");

        StringBuilder object = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            object.append(i == 0 ? "" : ",").append(org.mlops4j.core.Json.mapper().valueToTree(names.get(i)).toString())
                    .append(':').append(values[i]);
        }
        String features = object.append('}').toString();
        PayloadRecord expected = new PayloadRecord("req-1", 0, "credit", "credit-risk", "3", "primary", 42L, 0.5, features,
                "{\"prediction\":1}");
        assertThat(PayloadCodec.decode(line, schemas::names)).isEqualTo(expected);
        assertThat(PayloadCodec.decode(line, new PayloadSchemas(journal)::names)).as("read by another process").isEqualTo(expected);
        // the same record written with its names gives the same record back
        String named = new String(PayloadCodec.encode(List.of(expected)).bytes(), StandardCharsets.UTF_8).strip();
        assertThat(PayloadCodec.decode(named)).isEqualTo(expected);
        assertThat(line.length()).isLessThan(named.length());
    }

    @Test
    void featureValues_withoutTheirSchema_orNotOnePerName_areRefused(@TempDir Path journal) {
        PayloadSchemas schemas = new PayloadSchemas(journal);
        String schema = schemas.register(List.of("Age", "Loan"));
        String head = "{\"requestId\":\"r\",\"rowIndex\":0,\"endpoint\":\"e\",\"modelName\":\"m\",\"modelVersion\":\"1\","
                + "\"traffic\":\"primary\",\"scoredAt\":5,\"latencyMs\":0.5,";
        String tail = ",\"prediction\":{\"prediction\":1}}";
        assertThat(PayloadCodec.decode(head + "\"schema\":\"" + schema + "\",\"features\":[3,null]" + tail, schemas::names)
                .features()).isEqualTo("{\"Age\":3,\"Loan\":null}");
        assertThatThrownBy(() -> PayloadCodec.decode(head + "\"schema\":\"" + schema + "\",\"features\":[3]" + tail, schemas::names))
                .hasMessageContaining("corrupt payload line").rootCause().hasMessageContaining("1 feature values for a schema of 2");
        assertThatThrownBy(() -> PayloadCodec.decode(head + "\"features\":[3,4]" + tail, schemas::names))
                .rootCause().hasMessageContaining("without a schema");
        assertThatThrownBy(() -> PayloadCodec.decode(head + "\"schema\":\"0123456789abcdef\",\"features\":[3,4]" + tail,
                schemas::names)).rootCause().hasMessageContaining("is missing");
        assertThatThrownBy(() -> PayloadCodec.decode(head + "\"schema\":\"" + schema + "\",\"features\":[3,4]" + tail))
                .as("a reader without schemas").rootCause().hasMessageContaining("no payload schemas");
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void numbers_wholeValuesWithoutAFraction_everythingElseAsDoubles() {
        double[] values = {31.0, -2.0, 0.5, -0.0, 1e300, 9_007_199_254_740_993.0, Double.NaN, Double.POSITIVE_INFINITY};
        PayloadLines lines = PayloadCodec.encode(new PayloadCodec.RequestHeader("r", "e", "m", "1", "primary", 1L, 0.5, null),
                values.length, (json, row) -> {
                    json.writeStartObject();
                    json.writeFieldName("x");
                    PayloadCodec.writeNumber(json, values[row]);
                    json.writeEndObject();
                }, (json, row) -> {
                    json.writeStartObject();
                    json.writeEndObject();
                });
        List<String> features = new String(lines.bytes(), StandardCharsets.UTF_8).lines()
                .map(line -> PayloadCodec.decode(line).features()).toList();
        assertThat(features).containsExactly("{\"x\":31}", "{\"x\":-2}", "{\"x\":0.5}", "{\"x\":-0.0}", "{\"x\":1.0E300}",
                "{\"x\":9.007199254740992E15}", "{\"x\":\"NaN\"}", "{\"x\":\"Infinity\"}");
    }

    @Test
    void linesOfTheFirstFormat_withNestedJsonAsStrings_stillDecode() {
        String legacy = "{\"requestId\":\"r\",\"rowIndex\":2,\"endpoint\":\"e\",\"modelName\":\"m\",\"modelVersion\":\"1\","
                + "\"traffic\":\"primary\",\"scoredAt\":5,\"latencyMs\":0.5,\"features\":\"{\\\"Age\\\":3}\","
                + "\"prediction\":\"{\\\"prediction\\\":\\\"No Risk\\\"}\"}";
        assertThat(PayloadCodec.decode(legacy)).isEqualTo(new PayloadRecord("r", 2, "e", "m", "1", "primary", 5, 0.5,
                "{\"Age\":3}", "{\"prediction\":\"No Risk\"}"));
    }

    @Test
    void aCorruptLine_isRefusedWithItsText() {
        assertThatThrownBy(() -> PayloadCodec.decode("{\"requestId\":\"r\",\"features\":[1]}"))
                .hasMessageContaining("corrupt payload line");
        assertThatThrownBy(() -> PayloadCodec.decode("{\"requestId\":\"r\"}")).hasMessageContaining("corrupt payload line");
    }
}
