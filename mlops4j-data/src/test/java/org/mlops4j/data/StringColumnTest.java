package org.mlops4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dictionary encoding: each value once, in order of first appearance, whatever the column's size. */
class StringColumnTest {
    @Test
    void aSingleRow_andAFewValues_areEncoded() {
        StringColumn one = StringColumn.categorical("c", "a");
        assertThat(one.dictionary()).containsExactly("a");
        assertThat(one.code(0)).isZero();
        StringColumn few = StringColumn.categorical("c", "b", null, "a", "b");
        assertThat(few.dictionary()).containsExactly("b", "a");
        assertThat(few.isMissing(1)).isTrue();
        assertThat(few.text(3)).isEqualTo("b");
    }

    @Test
    void columnsAroundAndPastTheScannedDictionarySize_encodeEveryRow() {
        SplittableRandom random = new SplittableRandom(7);
        for (int distinctValues : new int[] {7, 8, 9, 40}) {
            String[] values = new String[500];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(10) == 0 ? null : "v" + random.nextInt(distinctValues);
            }
            StringColumn column = StringColumn.categorical("c", values);
            List<String> firstSeen = new ArrayList<>(new LinkedHashSet<>(java.util.Arrays.stream(values)
                    .filter(v -> v != null).toList()));
            assertThat(column.dictionary()).as("%d values", distinctValues).isEqualTo(firstSeen);
            for (int i = 0; i < values.length; i++) {
                assertThat(column.isMissing(i) ? null : column.text(i)).isEqualTo(values[i]);
            }
        }
    }
}
