package org.mlops4j.serving.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Columns kept row by row: built from columns or rows, read by position or name, guarded against misuse. */
class RawColumnsTest {
    private static RawColumns ab() {
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        columns.put("a", List.of(1L, 2L));
        columns.put("b", Arrays.asList("x", null));
        return RawColumns.of(columns, 2);
    }

    @Test
    void fromColumnsOrRows_theSameValues_readByPositionAndName() {
        RawColumns fromColumns = ab();
        RawColumns fromRows = RawColumns.ofRows(List.of("a", "b"), new Object[] {1L, "x", 2L, null, "spare"}, 2);
        assertThat(fromRows).isEqualTo(fromColumns).hasSameHashCodeAs(fromColumns);
        assertThat(fromColumns.names()).containsExactly("a", "b");
        assertThat(fromColumns.value(1, 0)).isEqualTo("x");
        assertThat(fromColumns.value(0, 1)).isEqualTo(2L);
        assertThat(fromColumns.column("b")).containsExactly("x", null);
        assertThat(fromColumns.column("c")).isNull();
        assertThat(RawColumns.ofRows(List.of("b", "a"), new Object[] {"x", 1L, null, 2L}, 2)).isNotEqualTo(fromColumns);
    }

    @Test
    void raggedColumns_tooFewCells_andPositionsOutside_areRefused() {
        Map<String, List<Object>> ragged = new LinkedHashMap<>();
        ragged.put("a", List.of(1L, 2L));
        ragged.put("b", List.of("x"));
        assertThatThrownBy(() -> RawColumns.of(ragged, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'b' has 1 values, not 2");
        assertThatThrownBy(() -> RawColumns.ofRows(List.of("a", "b"), new Object[3], 2))
                .isInstanceOf(IllegalArgumentException.class);
        RawColumns columns = ab();
        assertThatThrownBy(() -> columns.value(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> columns.value(0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void toString_namesTheColumns_butNoValue() {
        assertThat(RawColumns.ofRows(List.of("name"), new Object[] {"Jane Roe"}, 1).toString())
                .contains("[name]", "1 rows").doesNotContain("Jane");
    }
}
