package org.mlops4j.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.TestData;
import org.mlops4j.data.registry.DatasetRegistry;
import org.mlops4j.data.stats.Statistics;
import org.mlops4j.data.stats.ValueCount;

/** Every dataset the project ships (and the test-only UCI copy) loads with the right shape and values. */
class ShippedDatasetsTest {
    private static final List<String> GERMAN_CREDIT_COLUMNS = List.of("CheckingStatus", "LoanDuration", "CreditHistory",
            "LoanPurpose", "LoanAmount", "ExistingSavings", "EmploymentDuration", "InstallmentPercent", "Sex",
            "OthersOnLoan", "CurrentResidenceDuration", "OwnsProperty", "Age", "InstallmentPlans", "Housing",
            "ExistingCreditsCount", "Job", "Dependents", "Telephone", "ForeignWorker", "Risk");
    private static final List<String> NUMERIC_GERMAN = List.of("LoanDuration", "LoanAmount", "InstallmentPercent",
            "CurrentResidenceDuration", "Age", "ExistingCreditsCount", "Dependents");

    /** SHA-256 of the upstream files (shared/data/SHA256SUMS): the copies are byte-exact. */
    private static final Map<Path, String> CHECKSUMS = Map.of(
            TestData.TRAINING, "20c7ac6cc2b913921172340f16075dcf1a57954a5f63679692dec331263ea964",
            TestData.TEST_CSV, "2eb31f96b60def7e4e17667a7d66cb8fbcb64c78d2a11d2b0f2641d0d1b272c5",
            TestData.FEED, "e92639f0018278cba7a7e73f0db29c23a9a3a0f8ce7a5e0b82b8ef32d8395f69",
            TestData.FEEDBACK, "c785cfd6ef3ebdac95ab001236a57fdf915bacd9135dc9b1a66f108ba67b3a84",
            TestData.UCI, "b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871",
            TestData.UCI_NUMERIC, "2752b044394958ab6dd193a0b56ca0f0b3a2d8bc7cb8c008e35a5e84bbec02f8",
            TestData.RED_WINE, "4a402cf041b025d4566d954c3b9ba8635a3a8a01e039005d97d6a710278cf05e",
            TestData.WHITE_WINE, "66b071bfe464e02aaef19d61fe28ce99b6f75efebb81be0fb58555713c3ab7a6");

    @Test
    void everyDataFileInTheRepository_isAByteExactCopyThatLoads() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(TestData.DATA)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(csv|json|data)$")).toList();
        }
        assertThat(files).hasSize(7);
        for (Path file : files) {
            assertThat(CHECKSUMS).as("checksum listed for %s", file).containsKey(file.normalize());
            assertThat(DatasetRegistry.digest(file)).as(file.toString()).isEqualTo(CHECKSUMS.get(file.normalize()));
            assertThat(TableReader.read(file).rowCount()).as(file.toString()).isPositive();
        }
        assertThat(DatasetRegistry.digest(TestData.UCI_NUMERIC)).isEqualTo(CHECKSUMS.get(TestData.UCI_NUMERIC));
    }

    @Test
    void biasedTraining_has5000RowsOf21ColumnsWith7Numeric() {
        Table t = TableReader.read(TestData.TRAINING);
        assertThat(t.rowCount()).isEqualTo(5000);
        assertThat(t.columnNames()).isEqualTo(GERMAN_CREDIT_COLUMNS);
        assertThat(t.columns().stream().filter(c -> c.type() == ColumnType.NUMERIC).map(Column::name))
                .containsExactlyElementsOf(NUMERIC_GERMAN);
        assertThat(t.column("CheckingStatus").text(0)).isEqualTo("0_to_200");
        assertThat(((NumericColumn) t.column("LoanDuration")).value(0)).isEqualTo(31);
        assertThat(t.column("Risk").text(4999)).isEqualTo("No Risk");
        assertThat(t.columns()).allMatch(c -> c.missingCount() == 0);
    }

    @Test
    void testData_crlfWithoutFinalNewline_keepsNoCarriageReturns() {
        Table t = TableReader.read(TestData.TEST_CSV);
        assertThat(t.rowCount()).isEqualTo(1000);
        assertThat(t.columnNames()).isEqualTo(GERMAN_CREDIT_COLUMNS);
        assertThat(t.column("CheckingStatus").text(0)).isEqualTo("less_0");
        assertThat(((NumericColumn) t.column("LoanAmount")).value(0)).isEqualTo(1169);
        assertThat(((NumericColumn) t.column("Age")).value(0)).isEqualTo(67);
        assertThat(t.column("Risk").text(0)).isEqualTo("No Risk");
        assertThat(t.column("CheckingStatus").text(999)).isEqualTo("less_0");
        assertThat(t.column("Risk").text(999)).isEqualTo("Risk");
        assertThat(Statistics.of(t).column("Risk").orElseThrow().categorical().topValues())
                .extracting(ValueCount::value, ValueCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("No Risk", 700L),
                        org.assertj.core.groups.Tuple.tuple("Risk", 300L));
    }

    @Test
    void scoringFeed_fieldsValuesPayload_has19000RowsOf20Features() {
        Table t = TableReader.read(TestData.FEED);
        assertThat(t.rowCount()).isEqualTo(19000);
        assertThat(t.columnNames()).isEqualTo(GERMAN_CREDIT_COLUMNS.subList(0, 20));
        assertThat(t.column("Age").type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(Statistics.of(t).column("Sex").orElseThrow().categorical().topValues())
                .extracting(ValueCount::count).containsExactly(12388L, 6612L);
        assertThat(t.columns()).allMatch(c -> c.missingCount() == 0);
    }

    @Test
    void feedback_arrayOfRecords_has98RowsOf21Columns() {
        Table t = TableReader.read(TestData.FEEDBACK);
        assertThat(t.rowCount()).isEqualTo(98);
        assertThat(t.columnNames()).isEqualTo(GERMAN_CREDIT_COLUMNS);
        assertThat(t.column("CheckingStatus").text(0)).isEqualTo("less_0");
        assertThat(((NumericColumn) t.column("LoanAmount")).value(0)).isEqualTo(250);
        assertThat(Statistics.of(t).column("Risk").orElseThrow().categorical().topValues())
                .extracting(ValueCount::count).containsExactly(65L, 33L);
    }

    @Test
    void uciGermanData_spaceSeparatedWithoutHeader_has1000RowsOf21Columns() {
        Table t = TableReader.read(TestData.UCI);
        assertThat(t.rowCount()).isEqualTo(1000);
        assertThat(t.columnCount()).isEqualTo(21);
        assertThat(t.columnNames().get(0)).isEqualTo("column_1");
        assertThat(t.column("column_1").text(0)).isEqualTo("A11");
        assertThat(((NumericColumn) t.column("column_2")).value(0)).isEqualTo(6);
        assertThat(t.column("column_1").text(999)).isEqualTo("A12");
        var stats = Statistics.of(t);
        assertThat(stats.column("column_21").orElseThrow().numeric().mean()).isCloseTo(1.3, within(1e-12));
        assertThat(stats.column("column_9").orElseThrow().categorical().topValues())
                .extracting(ValueCount::value, ValueCount::count)
                .contains(org.assertj.core.groups.Tuple.tuple("A93", 548L), org.assertj.core.groups.Tuple.tuple("A92", 310L));
        assertThat(stats.column("column_20").orElseThrow().categorical().topValues().get(0).count()).isEqualTo(963);
    }

    @Test
    void uciGermanDataNumeric_paddedWhitespaceSeparated_has1000RowsOf25IntegerColumns() {
        Table t = TableReader.read(TestData.UCI_NUMERIC);
        assertThat(t.rowCount()).isEqualTo(1000);
        assertThat(t.columnCount()).isEqualTo(25);
        assertThat(t.columns()).allMatch(c -> c.type() == ColumnType.NUMERIC);
        assertThat(((NumericColumn) t.column("column_1")).value(0)).isEqualTo(1);
        assertThat(((NumericColumn) t.column("column_2")).value(0)).isEqualTo(6);
        assertThat(((NumericColumn) t.column("column_10")).value(0)).isEqualTo(67);
        assertThat(Statistics.of(t).column("column_25").orElseThrow().numeric().mean()).isCloseTo(1.3, within(1e-12));
    }

    @Test
    void redWine_semicolonsAndQuotedHeader_has1599RowsOf12NumericColumns() {
        Table t = TableReader.read(TestData.RED_WINE);
        assertThat(t.rowCount()).isEqualTo(1599);
        assertThat(t.columnNames()).first().isEqualTo("fixed acidity");
        assertThat(t.columnNames()).last().isEqualTo("quality");
        assertThat(t.columns()).allMatch(c -> c.type() == ColumnType.NUMERIC);
        assertThat(((NumericColumn) t.column("density")).value(0)).isEqualTo(0.9978);
        var quality = Statistics.of(t).column("quality").orElseThrow().numeric();
        assertThat(quality.mean()).isCloseTo(5.636, within(0.0005));
        assertThat(quality.min()).isEqualTo(3);
        assertThat(quality.max()).isEqualTo(8);
    }

    @Test
    void whiteWine_commasAndQuotedHeader_has4898RowsOf12NumericColumns() {
        Table t = TableReader.read(TestData.WHITE_WINE);
        assertThat(t.rowCount()).isEqualTo(4898);
        assertThat(t.columnCount()).isEqualTo(12);
        assertThat(t.columnNames()).contains("free sulfur dioxide", "pH");
        assertThat(((NumericColumn) t.column("residual sugar")).value(0)).isEqualTo(20.7);
        long nines = 0;
        NumericColumn quality = (NumericColumn) t.column("quality");
        for (int i = 0; i < quality.size(); i++) {
            nines += quality.value(i) == 9 ? 1 : 0;
        }
        assertThat(nines).isEqualTo(5);
        assertThat(Statistics.of(t).column("quality").orElseThrow().numeric().max()).isEqualTo(9);
    }
}
