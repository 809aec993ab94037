package org.mlops4j.serving.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {
    @Test
    void recordsRoundTrip_oneLineEach_nestedJsonKeptAsWritten() {
        PayloadRecord plain = new PayloadRecord("req-1", 0, "credit", "credit-risk", "3", "primary", 1_700_000_000_000L, 0.25,
                "{\"Age\":31,\"Purpose\":\"car \\\"new\\\"\\nline\",\"Loan\":null}", "{\"prediction\":\"Risk\",\"probabilities\":{\"Risk\":0.7}}");
        PayloadRecord unicode = new PayloadRecord("req-\u00e9\u4e2d", 7, "e", null, null, "shadow", 1L, 1e-9,
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
        var header = new PayloadCodec.RequestHeader("req-\u00e9", "credit", "credit-risk", "3", "canary", 42L, 0.5);
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
        PayloadLines lines = PayloadCodec.encode(new PayloadCodec.RequestHeader("r", "e", "m", "1", "primary", 1L, 0.5),
                values.length, (json, row) -> {
                    json.writeStartObject();
                    json.writeFieldName(PayloadCodec.fieldName("x"));
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
