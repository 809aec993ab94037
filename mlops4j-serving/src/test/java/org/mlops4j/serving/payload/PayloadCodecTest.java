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
        String text = new String(PayloadCodec.encode(List.of(plain, unicode)), StandardCharsets.UTF_8);

        String[] lines = text.split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty(); // newline-terminated, so a torn tail is recognisable
        assertThat(PayloadCodec.decode(lines[0])).isEqualTo(plain);
        assertThat(PayloadCodec.decode(lines[1])).isEqualTo(unicode);
        assertThat(lines[0]).contains("\"features\":{\"Age\":31"); // embedded, not an escaped string
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
