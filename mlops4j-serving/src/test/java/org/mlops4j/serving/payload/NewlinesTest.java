package org.mlops4j.serving.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NewlinesTest {
    /** The first newline in the range, by the obvious loop. */
    private static int expected(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsTheFirstNewline_inAnyRange_asAByteAtATimeLoopWould() {
        Random random = new Random(7);
        // Bytes near '\n' (0x0A) and of every high bit, which fool careless word-at-a-time tricks.
        byte[] alphabet = {'\n', 0x09, 0x0B, 0x0A - 1, 0x00, (byte) 0x80, (byte) 0x8A, (byte) 0xFF, 'a', 0x01, (byte) 0x0A ^ (byte) 0x80};
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] bytes = new byte[random.nextInt(40)];
            int density = 1 + random.nextInt(30);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(density) == 0 ? (byte) '\n' : alphabet[1 + random.nextInt(alphabet.length - 1)];
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            assertThat(Newlines.indexOf(bytes, from, to)).as("trial %d", trial).isEqualTo(expected(bytes, from, to));
        }
    }
}
