package org.mlops4j.serving.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PayloadHeaderScannerTest {
    private static final List<String> TEXTS = List.of("credit", "a", "", "caf\u00e9 \u4e2d\ud83d\ude80", "with \"quotes\"",
            "back\\slash", "primary", "3", "credit-risk v2", "tab\there", "line\nbreak", "nul\u0000", "slash/ok", "{\"json\":1}", "null", "-1");

    private static byte[] line(String requestId, int row, String endpoint, String modelName, String modelVersion,
                               String traffic, long scoredAt) {
        var header = new PayloadCodec.RequestHeader(requestId, endpoint, modelName, modelVersion, traffic, scoredAt, 0.5, null);
        byte[] bytes = PayloadCodec.encode(header, row + 1, (g, r) -> g.writeRawValue("{\"x\":1}"),
                (g, r) -> g.writeRawValue("{\"prediction\":1}")).bytes();
        int start = 0;
        for (int r = 0; r < row; r++) {
            while (bytes[start] != '\n') {
                start++;
            }
            start++;
        }
        int end = start;
        while (bytes[end] != '\n') {
            end++;
        }
        byte[] one = new byte[end - start];
        System.arraycopy(bytes, start, one, 0, one.length);
        return one;
    }

    @Test
    void everyWrittenHeader_readsAsTheJsonParserReadsIt_andPlainOnesWithoutIt_byOneScannerInTurn() {
        Random random = new Random(42);
        PayloadHeaderScanner shared = new PayloadHeaderScanner(); // reuses a field's string while its bytes repeat
        int scanned = 0;
        String endpoint = TEXTS.get(0);
        for (int i = 0; i < 2_000; i++) {
            endpoint = random.nextBoolean() ? endpoint : TEXTS.get(random.nextInt(TEXTS.size()));
            String name = random.nextInt(4) == 0 ? null : TEXTS.get(random.nextInt(TEXTS.size()));
            String version = random.nextInt(4) == 0 ? null : TEXTS.get(random.nextInt(TEXTS.size()));
            String traffic = TEXTS.get(random.nextInt(TEXTS.size()));
            long scoredAt = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> -random.nextInt(1_000_000);
                case 2 -> Long.MAX_VALUE - random.nextInt(10);
                default -> 1_700_000_000_000L + random.nextInt();
            };
            String requestId = TEXTS.get(random.nextInt(TEXTS.size()));
            byte[] line = line(requestId, random.nextInt(3), endpoint, name, version, traffic, scoredAt);
            PayloadCodec.LineHeader parsed = PayloadCodec.parseHeader(line, 0, line.length);
            assertThat(PayloadCodec.readHeader(line, 0, line.length)).as(new String(line, StandardCharsets.UTF_8))
                    .isEqualTo(parsed);
            PayloadCodec.LineHeader fast = shared.header(line, 0, line.length);
            assertThat(fast).isEqualTo(PayloadHeaderScanner.scan(line, 0, line.length));
            boolean plain = List.of(requestId, endpoint, traffic).stream().allMatch(PayloadHeaderScannerTest::unescaped)
                    && unescaped(name) && unescaped(version) && Math.abs(scoredAt) < 1e18;
            assertThat(fast != null).as("read without a parser: %s", new String(line, StandardCharsets.UTF_8))
                    .isEqualTo(plain);
            if (fast != null) {
                assertThat(fast).isEqualTo(parsed);
                scanned++;
            }
        }
        assertThat(scanned).as("lines read without a parser").isGreaterThan(50);
        byte[] plain = line("req-1", 0, "credit", "credit-risk", "3", "primary", 1_700_000_000_000L);
        assertThat(PayloadHeaderScanner.scan(plain, 0, plain.length))
                .isEqualTo(new PayloadCodec.LineHeader("credit", "credit-risk", "3", "primary", 1_700_000_000_000L));
    }

    /** Written by Jackson as is: no quote, backslash, control character or surrogate pair to escape. */
    private static boolean unescaped(String text) {
        return text == null || text.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate((char) c));
    }

    @Test
    void aLineNotInTheWrittenForm_isLeftToTheParser_whichReadsOrRejectsIt() {
        String reordered = "{\"endpoint\":\"e\",\"traffic\":\"primary\",\"requestId\":\"r\",\"scoredAt\":5,\"features\":{}}";
        assertThat(PayloadHeaderScanner.scan(bytes(reordered), 0, reordered.length())).isNull();
        assertThat(PayloadCodec.readHeader(bytes(reordered), 0, reordered.length()))
                .isEqualTo(new PayloadCodec.LineHeader("e", null, null, "primary", 5));
        byte[] good = line("req-1", 0, "credit", "m", "3", "primary", 7);
        for (int cut = 1; cut < 100; cut += 7) { // torn or damaged inside the header
            int length = cut;
            assertThat(PayloadHeaderScanner.scan(good, 0, length)).isNull();
            assertThatThrownBy(() -> PayloadCodec.readHeader(good, 0, length)).isInstanceOf(IllegalStateException.class);
        }
        String fraction = "{\"requestId\":\"r\",\"rowIndex\":0,\"endpoint\":\"e\",\"modelName\":null,\"modelVersion\":null,"
                + "\"traffic\":\"t\",\"scoredAt\":5.5,\"features\":{}}";
        assertThat(PayloadHeaderScanner.scan(bytes(fraction), 0, fraction.length())).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
