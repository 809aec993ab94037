package org.mlops4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {
    private static final int[] STRATA = IntStream.range(0, 1000).map(i -> i % 10 < 3 ? 1 : 0).toArray(); // 30% class 1

    @Test
    void split_isStratifiedDisjointCompleteAndSeeded() {
        Splits.Split s = Splits.split(Splits.all(1000), STRATA, 0.2, 0.1, 42);
        assertThat(s.train().length + s.validation().length + s.test().length).isEqualTo(1000);
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation())),
                Arrays.stream(s.test())).sorted().toArray();
        assertThat(all).containsExactly(Splits.all(1000));
        assertThat(s.validation()).hasSize(200);
        assertThat(Arrays.stream(s.validation()).filter(r -> STRATA[r] == 1).count()).isEqualTo(60);
        assertThat(Arrays.stream(s.test()).filter(r -> STRATA[r] == 1).count()).isEqualTo(30);
        assertThat(Splits.split(Splits.all(1000), STRATA, 0.2, 0.1, 42).validation()).containsExactly(s.validation());
        assertThat(Splits.split(Splits.all(1000), STRATA, 0.2, 0.1, 43).validation()).isNotEqualTo(s.validation());
    }

    @Test
    void kFold_coversEveryRowOnceWithBalancedStrata() {
        int[][] folds = Splits.kFold(Splits.all(1000), STRATA, 5, 1);
        assertThat(Arrays.stream(folds).flatMapToInt(Arrays::stream).sorted().toArray()).containsExactly(Splits.all(1000));
        for (int[] fold : folds) {
            assertThat(fold).hasSize(200);
            assertThat(Arrays.stream(fold).filter(r -> STRATA[r] == 1).count()).isEqualTo(60);
        }
    }

    @Test
    void split_impossibleFractions_areRejected() {
        assertThatThrownBy(() -> Splits.split(Splits.all(10), null, 0.5, 0.5, 1)).hasMessageContaining("< 1");
        assertThatThrownBy(() -> Splits.kFold(Splits.all(3), null, 5, 1)).hasMessageContaining("folds");
    }
}
