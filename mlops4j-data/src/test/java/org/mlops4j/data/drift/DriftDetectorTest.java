package org.mlops4j.data.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.TestData;
import org.mlops4j.data.io.TableReader;

class DriftDetectorTest {
    private static final Table TRAINING = TableReader.read(TestData.TRAINING);
    private static final Table FEED = TableReader.read(TestData.FEED);

    private static Map<String, ColumnDrift> byColumn(DatasetDrift drift) {
        return drift.columns().stream().collect(Collectors.toMap(ColumnDrift::column, Function.identity()));
    }

    @Test
    void scoringFeedAgainstTraining_choosesTestsAsEvidentlyAndReportsDrift() {
        DatasetDrift drift = DriftDetector.compare(TRAINING, FEED);
        Map<String, ColumnDrift> columns = byColumn(drift);
        assertThat(columns).hasSize(20);
        assertThat(drift.skipped()).containsExactly(new SkippedColumn("Risk", "not in the current data"));
        assertThat(columns.get("LoanAmount").test()).isEqualTo("wasserstein");
        assertThat(columns.get("Age").test()).isEqualTo("wasserstein");
        assertThat(columns.get("Dependents").test()).isEqualTo("jensenshannon");
        assertThat(columns.get("ExistingCreditsCount").test()).isEqualTo("jensenshannon");
        assertThat(columns.get("Sex").test()).isEqualTo("jensenshannon");
        assertThat(drift.columns()).allMatch(ColumnDrift::autoSelected);
        assertThat(drift.columns()).allMatch(c -> c.referenceSize() == 5000 && c.currentSize() == 19000);
        assertThat(drift.driftedShare()).isEqualTo(drift.driftedColumns() / 20.0);
        assertThat(drift.datasetDrift()).isEqualTo(drift.driftedShare() >= 0.5);
        ColumnDrift sex = columns.get("Sex");
        assertThat(sex.reference().labels()).containsExactly("male", "female");
        assertThat(sex.reference().shares().get(0)).isCloseTo(3104 / 5000.0, within(1e-12));
        assertThat(sex.current().shares().get(0)).isCloseTo(12388 / 19000.0, within(1e-12));
    }

    @Test
    void aDatasetAgainstItself_hasNoDrift() {
        DatasetDrift drift = DriftDetector.compare(TRAINING, TRAINING);
        assertThat(drift.datasetDrift()).isFalse();
        assertThat(drift.driftedColumns()).isZero();
        assertThat(drift.columns()).allSatisfy(c -> assertThat(c.score()).isCloseTo(0, within(1e-12)));
    }

    @Test
    void smallReference_usesKsChiSquareAndZ() {
        Table feedback = TableReader.read(TestData.FEEDBACK);
        Map<String, ColumnDrift> columns = byColumn(DriftDetector.compare(feedback, TableReader.read(TestData.TEST_CSV)));
        assertThat(columns.get("LoanAmount").test()).isEqualTo("ks");
        assertThat(columns.get("LoanPurpose").test()).isEqualTo("chisquare");
        assertThat(columns.get("Sex").test()).isEqualTo("z");
        assertThat(columns.get("Risk").test()).isEqualTo("z");
        assertThat(columns.get("Dependents").test()).isEqualTo("z");
        assertThat(columns.get("LoanAmount").scoreKind()).isEqualTo(ScoreKind.P_VALUE);
    }

    @Test
    void aShiftedColumn_drifts_andTheDatasetDriftsWhenTheShareIsReached() {
        double[] values = new double[3000];
        double[] shifted = new double[3000];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
            shifted[i] = random.nextGaussian() + 1;
        }
        String[] colours = new String[3000];
        java.util.Arrays.fill(colours, "red");
        Table reference = Table.of(NumericColumn.of("x", values), StringColumn.categorical("c", colours));
        Table current = Table.of(NumericColumn.of("x", shifted), StringColumn.categorical("c", colours));
        DatasetDrift drift = DriftDetector.compare(reference, current);
        assertThat(byColumn(drift).get("x").drifted()).isTrue();
        assertThat(byColumn(drift).get("c").drifted()).isFalse();
        assertThat(drift.driftedShare()).isEqualTo(0.5);
        assertThat(drift.datasetDrift()).isTrue();
        assertThat(DriftDetector.compare(reference, current, DriftOptions.defaults().withDriftShare(0.6)).datasetDrift())
                .isFalse();
    }

    @Test
    void options_overrideTheTestAndThresholdPerDatasetAndPerColumn() {
        DriftOptions options = DriftOptions.defaults().withTest("psi").withColumnTest("Age", "ks").withThreshold(0.2);
        Map<String, ColumnDrift> columns = byColumn(DriftDetector.compare(TRAINING, FEED, options));
        assertThat(columns.get("Sex").test()).isEqualTo("psi");
        assertThat(columns.get("Sex").autoSelected()).isFalse();
        assertThat(columns.get("Sex").threshold()).isEqualTo(0.2);
        assertThat(columns.get("Age").test()).isEqualTo("ks");
        assertThat(columns.get("Age").scoreKind()).isEqualTo(ScoreKind.P_VALUE);
        assertThatThrownBy(() -> DriftDetector.compare(TRAINING, FEED, DriftOptions.defaults().withTest("ks")))
                .isInstanceOf(MlopsException.class).hasMessage("Drift test 'ks' does not apply to CATEGORICAL column 'CheckingStatus'");
        assertThatThrownBy(() -> DriftTests.byName("kolmogorov"))
                .hasMessageStartingWith("Unknown drift test 'kolmogorov' (known: [ks, chisquare, z, wasserstein");
    }

    @Test
    void typeChangesAndTextColumns_areSkippedWithAReason() {
        Table reference = Table.of(NumericColumn.of("x", 1, 2, 3), StringColumn.of("t", org.mlops4j.data.ColumnType.TEXT, "a", "b", "c"));
        Table current = Table.of(StringColumn.categorical("x", "1", "oops", "3"), StringColumn.of("t", org.mlops4j.data.ColumnType.TEXT, "a", "b", "c"),
                NumericColumn.of("extra", 1, 2, 3));
        DatasetDrift drift = DriftDetector.compare(reference, current);
        assertThat(drift.columns()).isEmpty();
        assertThat(drift.datasetDrift()).isFalse();
        assertThat(drift.skipped()).containsExactly(
                new SkippedColumn("x", "types differ: NUMERIC in the reference, CATEGORICAL in the current data"),
                new SkippedColumn("t", "TEXT columns are not tested for drift"),
                new SkippedColumn("extra", "not in the reference data"));
    }
}
