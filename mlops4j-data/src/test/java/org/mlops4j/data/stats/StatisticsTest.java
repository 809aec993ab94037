package org.mlops4j.data.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.data.BooleanColumn;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.TestData;
import org.mlops4j.data.io.ReadOptions;
import org.mlops4j.data.io.TableReader;

class StatisticsTest {
    @TempDir
    Path dir;

    @Test
    void numericStatistics_matchNumpyMeanStdQuantilesAndHistogram() {
        for (JsonNode c : TestData.json("/fixtures/stat-fixtures.json").get("describe")) {
            NumericStatistics s = Statistics.of(Table.of(NumericColumn.of("x", TestData.doubles(c.get("values")))))
                    .columns().get(0).numeric();
            assertThat(s.mean()).as(c.get("name").asText()).isCloseTo(c.get("mean").asDouble(), within(1e-9));
            assertThat(s.std()).isCloseTo(c.get("std").asDouble(), within(1e-9));
            assertThat(s.min()).isEqualTo(c.get("min").asDouble());
            assertThat(s.max()).isEqualTo(c.get("max").asDouble());
            for (Quantile q : s.quantiles()) {
                assertThat(q.value()).isCloseTo(c.get("quantiles").get(Double.toString(q.q())).asDouble(), within(1e-9));
            }
            for (int b = 0; b < s.histogram().size(); b++) {
                assertThat(s.histogram().get(b).count()).isEqualTo(c.get("histogram").get(b).asLong());
                assertThat(s.histogram().get(b).low()).isCloseTo(c.get("edges").get(b).asDouble(), within(1e-9));
            }
            assertThat(s.exact()).isTrue();
        }
    }

    @Test
    void numericStatistics_countMissingNanInfinityAndZerosApart() {
        BitSet missing = new BitSet();
        missing.set(1);
        NumericColumn column = new NumericColumn("x", new double[] {0, 99, Double.NaN, 2, Double.POSITIVE_INFINITY, 0, 4},
                missing);
        ColumnStatistics s = Statistics.of(Table.of(column)).columns().get(0);
        assertThat(s.count()).isEqualTo(7);
        assertThat(s.missing()).isEqualTo(1);
        assertThat(s.numeric().count()).isEqualTo(4);
        assertThat(s.numeric().nan()).isEqualTo(1);
        assertThat(s.numeric().infinite()).isEqualTo(1);
        assertThat(s.numeric().zeros()).isEqualTo(2);
        assertThat(s.numeric().mean()).isEqualTo(1.5);
        assertThat(s.numeric().max()).isEqualTo(4);
    }

    @Test
    void categoricalStatistics_countDistinctAndTopValuesOnGermanCredit() {
        DatasetStatistics stats = Statistics.of(TableReader.read(TestData.TRAINING));
        CategoricalStatistics sex = stats.column("Sex").orElseThrow().categorical();
        assertThat(sex.distinct()).isEqualTo(2);
        assertThat(sex.topValues()).containsExactly(new ValueCount("male", 3104, 3104 / 5000.0),
                new ValueCount("female", 1896, 1896 / 5000.0));
        assertThat(sex.complete()).isTrue();
        CategoricalStatistics risk = stats.column("Risk").orElseThrow().categorical();
        assertThat(risk.topValues().get(0).value()).isEqualTo("No Risk");
        assertThat(risk.topValues().get(0).frequency()).isCloseTo(0.666, within(0.001));
        NumericStatistics installment = stats.column("InstallmentPercent").orElseThrow().numeric();
        assertThat(installment.max()).isEqualTo(6);
        assertThat(stats.column("LoanPurpose").orElseThrow().categorical().topValues())
                .filteredOn(v -> v.value().equals("vacation")).singleElement().extracting(ValueCount::count)
                .isEqualTo(205L);
    }

    @Test
    void booleanColumns_areCountedAsTrueAndFalse() {
        ColumnStatistics s = Statistics.of(Table.of(BooleanColumn.of("b", true, false, true, null))).columns().get(0);
        assertThat(s.type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(s.missing()).isEqualTo(1);
        assertThat(s.categorical().topValues()).extracting(ValueCount::value).containsExactly("true", "false");
    }

    @Test
    void streamingAFile_givesTheSameStatisticsAsLoadingIt() throws Exception {
        Path file = dir.resolve("big.csv");
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("x,colour,flag\n");
        for (int i = 0; i < 80_000; i++) {
            csv.append(i % 1000 == 0 ? "" : Double.toString(Math.round(random.nextGaussian() * 1000) / 100.0)).append(',')
                    .append("c").append(random.nextInt(7)).append(',').append(random.nextBoolean()).append('\n');
        }
        Files.writeString(file, csv);
        DatasetStatistics loaded = Statistics.of(TableReader.read(file));
        DatasetStatistics streamed = Statistics.ofFile(file, ReadOptions.defaults(), StatisticsOptions.defaults());
        assertThat(streamed.rowCount()).isEqualTo(80_000);
        assertThat(streamed.columns()).hasSize(3);
        for (int c = 0; c < 3; c++) {
            ColumnStatistics a = loaded.columns().get(c);
            ColumnStatistics b = streamed.columns().get(c);
            assertThat(b.type()).isEqualTo(a.type());
            assertThat(b.missing()).isEqualTo(a.missing());
            if (a.numeric() != null) {
                assertThat(b.numeric().mean()).isCloseTo(a.numeric().mean(), within(1e-9));
                assertThat(b.numeric().std()).isCloseTo(a.numeric().std(), within(1e-9));
                assertThat(b.numeric().quantiles()).isEqualTo(a.numeric().quantiles());
                assertThat(b.numeric().histogram()).isEqualTo(a.numeric().histogram());
            } else {
                assertThat(b.categorical()).isEqualTo(a.categorical());
            }
        }
        assertThat(loaded.column("x").orElseThrow().missing()).isEqualTo(80);
    }

    @Test
    void beyondTheExactBudget_quantilesComeFromASketchAndStayClose() {
        Random random = new Random(11);
        double[] values = new double[200_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        Table table = Table.of(new NumericColumn("x", values, null));
        NumericStatistics exact = Statistics.of(table).columns().get(0).numeric();
        StatisticsCollector collector = new StatisticsCollector(StatisticsOptions.defaults().withExactValueBudget(50_000));
        for (int from = 0; from < values.length; from += 40_000) {
            collector.add(Table.of(new NumericColumn("x", java.util.Arrays.copyOfRange(values, from, from + 40_000), null)));
        }
        NumericStatistics sketched = collector.finish().columns().get(0).numeric();
        assertThat(sketched.exact()).isFalse();
        assertThat(exact.exact()).isTrue();
        assertThat(sketched.mean()).isCloseTo(exact.mean(), within(1e-9));
        for (int i = 0; i < exact.quantiles().size(); i++) {
            assertThat(sketched.quantiles().get(i).value()).isCloseTo(exact.quantiles().get(i).value(), within(0.01));
        }
        long total = sketched.histogram().stream().mapToLong(HistogramBin::count).sum();
        assertThat(total).isEqualTo(200_000);
        for (int b = 0; b < exact.histogram().size(); b++) {
            assertThat(sketched.histogram().get(b).count()).isCloseTo(exact.histogram().get(b).count(), within(400L));
        }
    }

    @Test
    void emptyAndAllMissingColumns_haveNoValuesButDoNotFail() {
        Table table = Table.of(new NumericColumn("x", new double[3], bits(0, 1, 2)),
                StringColumn.categorical("c", null, null, null));
        DatasetStatistics s = Statistics.of(table);
        assertThat(s.columns().get(0).numeric().count()).isZero();
        assertThat(s.columns().get(0).numeric().quantiles()).isEmpty();
        assertThat(s.columns().get(1).categorical().distinct()).isZero();
    }

    private static BitSet bits(int... rows) {
        BitSet b = new BitSet();
        for (int r : rows) {
            b.set(r);
        }
        return b;
    }
}
