package org.mlops4j.data.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlops4j.data.ColumnType;

/** The selection rule, case by case, as Evidently's _get_default_stattest. */
class DriftTestSelectorTest {
    @ParameterizedTest(name = "{0} ref={1} distinct={2} -> {3}")
    @CsvSource({
        "NUMERIC, 1000, 6, ks",
        "NUMERIC, 1000, 5, chisquare",
        "NUMERIC, 1000, 3, chisquare",
        "NUMERIC, 1000, 2, z",
        "CATEGORICAL, 1000, 3, chisquare",
        "CATEGORICAL, 1000, 2, z",
        "BOOLEAN, 200, 2, z",
        "NUMERIC, 1001, 6, wasserstein",
        "NUMERIC, 1001, 5, jensenshannon",
        "CATEGORICAL, 1001, 40, jensenshannon",
        "BOOLEAN, 5000, 2, jensenshannon"
    })
    void select_followsEvidentlyRule(ColumnType type, long referenceSize, int distinct, String expected) {
        assertThat(DriftTestSelector.select(type, referenceSize, distinct)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"TEXT", "TIMESTAMP"})
    void select_textAndTimestamps_haveNoTest(ColumnType type) {
        assertThat(DriftTestSelector.select(type, ColumnSample.numeric(1, 2), ColumnSample.numeric(1, 2), 30)).isNull();
    }
}
