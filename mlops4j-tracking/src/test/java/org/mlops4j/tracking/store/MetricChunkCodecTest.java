package org.mlops4j.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.tracking.Metric;

class MetricChunkCodecTest {
    @Test
    void decode_returnsEveryPoint_bitForBit() {
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE,
                Double.MAX_VALUE, 0.1 + 0.2, -1.5e-300};
        List<Metric> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new Metric("loss", values[i], Long.MAX_VALUE - i, Long.MIN_VALUE + i));
        }
        List<Metric> decoded = new ArrayList<>();
        MetricChunkCodec.decode(MetricChunkCodec.encode(points), "loss", decoded);
        assertThat(decoded).isEqualTo(points); // record equality compares doubles by their bits: -0.0 is not 0.0
        assertThat(Double.doubleToRawLongBits(decoded.get(3).value())).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void decode_appendsToWhatIsThere_andAnEmptyChunkAddsNothing() {
        List<Metric> into = new ArrayList<>(List.of(new Metric("a", 1, 1, 1)));
        MetricChunkCodec.decode(MetricChunkCodec.encode(List.of()), "a", into);
        MetricChunkCodec.decode(MetricChunkCodec.encode(List.of(new Metric("a", 2, 2, 2))), "a", into);
        assertThat(into).containsExactly(new Metric("a", 1, 1, 1), new Metric("a", 2, 2, 2));
    }

    @Test
    void decode_aDamagedChunk_failsNamingTheKey_insteadOfReturningWrongPoints() {
        byte[] chunk = MetricChunkCodec.encode(List.of(new Metric("auc", 0.9, 1, 0), new Metric("auc", 0.8, 2, 1)));
        byte[] truncated = Arrays.copyOf(chunk, chunk.length - 1);
        byte[] extended = Arrays.copyOf(chunk, chunk.length + 24);
        byte[] otherFormat = chunk.clone();
        otherFormat[0] = 2;
        byte[] negativeCount = chunk.clone();
        negativeCount[1] = (byte) 0x80;
        for (byte[] damaged : List.of(truncated, extended, otherFormat, negativeCount, new byte[0], new byte[3])) {
            assertThatThrownBy(() -> MetricChunkCodec.decode(damaged, "auc", new ArrayList<>()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("'auc'");
        }
    }
}
