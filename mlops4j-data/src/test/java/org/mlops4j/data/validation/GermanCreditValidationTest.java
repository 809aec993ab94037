package org.mlops4j.data.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.data.Table;
import org.mlops4j.data.TestData;
import org.mlops4j.data.io.TableReader;
import org.mlops4j.data.schema.RowCountRange;
import org.mlops4j.data.schema.Schema;
import org.mlops4j.data.schema.SchemaInference;
import org.mlops4j.data.stats.Statistics;

class GermanCreditValidationTest {
    @TempDir
    Path dir;

    private static Schema trainingSchema() {
        return SchemaInference.infer(Statistics.of(TableReader.read(TestData.TRAINING)));
    }

    @Test
    void training_againstItsOwnInferredSchema_hasNoAnomalies() {
        ValidationReport report = Validator.validate(TableReader.read(TestData.TRAINING), trainingSchema());
        assertThat(report.anomalies()).isEmpty();
        assertThat(report.isClean()).isTrue();
        assertThat(report.rowCount()).isEqualTo(5000);
    }

    /** Writes the training file with faults injected at known rows (1-based data rows). */
    static Path faultyCopy(Path dir) throws Exception {
        List<String> lines = Files.readAllLines(TestData.TRAINING);
        List<String> header = new ArrayList<>(Arrays.asList(lines.get(0).split(",")));
        int telephone = header.indexOf("Telephone");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<String> cells = new ArrayList<>(Arrays.asList(lines.get(i).split(",", -1)));
            if (i > 0) {
                switch (i) {
                    case 3 -> cells.set(header.indexOf("LoanAmount"), "abc");
                    case 5 -> cells.set(header.indexOf("Sex"), "unknown");
                    case 6 -> cells.set(header.indexOf("LoanPurpose"), "yacht");
                    case 7, 8 -> cells.set(header.indexOf("Age"), "NaN");
                    case 9 -> cells.set(header.indexOf("LoanDuration"), "999");
                    case 10 -> cells.set(header.indexOf("Housing"), "");
                    default -> { }
                }
            }
            cells.remove(telephone);
            cells.add(i == 0 ? "Channel" : "web");
            out.add(String.join(",", cells));
        }
        Path file = dir.resolve("german_credit_faulty.csv");
        Files.write(file, out);
        return file;
    }

    @Test
    void faultyCopy_reportsEachInjectedFaultWithItsCode() throws Exception {
        Table faulty = TableReader.read(faultyCopy(dir));
        ValidationReport report = Validator.validate(faulty, trainingSchema());

        assertThat(report.anomalies()).extracting(Anomaly::code, Anomaly::column).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(AnomalyCode.TYPE_MISMATCH, "LoanAmount"),
                org.assertj.core.groups.Tuple.tuple(AnomalyCode.UNEXPECTED_CATEGORY, "Sex"),
                org.assertj.core.groups.Tuple.tuple(AnomalyCode.UNEXPECTED_CATEGORY, "LoanPurpose"),
                org.assertj.core.groups.Tuple.tuple(AnomalyCode.NAN_OR_INF, "Age"),
                org.assertj.core.groups.Tuple.tuple(AnomalyCode.OUT_OF_RANGE, "LoanDuration"),
                org.assertj.core.groups.Tuple.tuple(AnomalyCode.TOO_MANY_MISSING, "Housing"),
                org.assertj.core.groups.Tuple.tuple(AnomalyCode.MISSING_COLUMN, "Telephone"),
                org.assertj.core.groups.Tuple.tuple(AnomalyCode.NEW_COLUMN, "Channel"));

        Anomaly type = report.withCode(AnomalyCode.TYPE_MISMATCH).get(0);
        assertThat(type.severity()).isEqualTo(Severity.ERROR);
        assertThat(type.count()).isEqualTo(1);
        assertThat(type.examples()).containsExactly("row 3: 'abc'");
        assertThat(report.withCode(AnomalyCode.NAN_OR_INF).get(0).count()).isEqualTo(2);
        assertThat(report.withCode(AnomalyCode.OUT_OF_RANGE).get(0).examples()).containsExactly("row 9: '999'");
        assertThat(report.withCode(AnomalyCode.UNEXPECTED_CATEGORY)).filteredOn(a -> a.column().equals("Sex"))
                .singleElement().satisfies(a -> assertThat(a.description()).contains("[unknown]"));
        assertThat(report.withCode(AnomalyCode.MISSING_COLUMN).get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(report.withCode(AnomalyCode.NEW_COLUMN).get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(report.withCode(AnomalyCode.TOO_MANY_MISSING).get(0).examples()).containsExactly("row 10");
        assertThat(report.hasErrors()).isTrue();
    }

    @Test
    void scoringFeed_againstTrainingSchema_missesTheLabelAndHasAFewOutOfRangeValues() {
        ValidationReport report = Validator.validate(TableReader.read(TestData.FEED), trainingSchema());
        assertThat(report.withCode(AnomalyCode.OUT_OF_RANGE)).extracting(Anomaly::column, Anomaly::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LoanDuration", 2L),
                        org.assertj.core.groups.Tuple.tuple("LoanAmount", 11L),
                        org.assertj.core.groups.Tuple.tuple("Dependents", 1L));
        assertThat(report.withCode(AnomalyCode.MISSING_COLUMN)).extracting(Anomaly::column).containsExactly("Risk");
        assertThat(report.withCode(AnomalyCode.TYPE_MISMATCH)).isEmpty();
        assertThat(report.withCode(AnomalyCode.UNEXPECTED_CATEGORY)).isEmpty();
    }

    @Test
    void rowCount_outsideSchemaBoundsOrFarFromThePrevious_isRowCountChange() {
        Table test = TableReader.read(TestData.TEST_CSV);
        Schema schema = trainingSchema().withRows(new RowCountRange(4000L, 6000L));
        ValidationReport report = Validator.validate(test, schema, ValidationOptions.defaults().withPreviousRowCount(5000));
        assertThat(report.withCode(AnomalyCode.ROW_COUNT_CHANGE)).hasSize(2)
                .allSatisfy(a -> assertThat(a.severity()).isEqualTo(Severity.WARNING));
        assertThat(Validator.validate(TableReader.read(TestData.TRAINING), schema,
                ValidationOptions.defaults().withPreviousRowCount(4500)).isClean()).isTrue();
    }

    @Test
    void numericCategoriesAndOptionalColumns_areNotFalseAlarms() {
        Schema schema = Schema.of(List.of(
                new org.mlops4j.data.schema.ColumnSchema("code", org.mlops4j.data.ColumnType.CATEGORICAL, false, null,
                        null, null, null, List.of("1", "2", "3")),
                new org.mlops4j.data.schema.ColumnSchema("gone", org.mlops4j.data.ColumnType.NUMERIC, false, null,
                        null, null, null, null)));
        Table table = Table.of(org.mlops4j.data.NumericColumn.of("code", 1, 2, 3, 2));
        ValidationReport report = Validator.validate(table, schema);
        assertThat(report.anomalies()).extracting(Anomaly::code, Anomaly::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AnomalyCode.MISSING_COLUMN, Severity.WARNING));
    }
}
