package org.mlops4j.data.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mlops4j.data.Table;
import org.mlops4j.data.TestData;
import org.mlops4j.data.drift.DriftDetector;
import org.mlops4j.data.io.TableReader;
import org.mlops4j.data.schema.SchemaInference;
import org.mlops4j.data.stats.DatasetStatistics;
import org.mlops4j.data.stats.Statistics;
import org.mlops4j.data.validation.Validator;

class HtmlReportsTest {
    private static final Table TRAINING = TableReader.read(TestData.TRAINING);

    private static void assertSelfContained(String html) {
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=\"http");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
    }

    @Test
    void statistics_haveATableAndAChartPerColumn() {
        DatasetStatistics stats = Statistics.of(TRAINING);
        String html = HtmlReports.statistics("German credit <training>", stats);
        assertSelfContained(html);
        assertThat(html).contains("German credit &lt;training&gt;").contains("5,000 rows, 21 columns");
        assertThat(html.split("<svg ", -1)).hasSize(22);
        assertThat(html).contains("<title>male: 3,104</title>");
    }

    @Test
    void drift_showsVerdictTestsAndPairedCharts() {
        String html = HtmlReports.drift("Feed vs training", DriftDetector.compare(TRAINING, TableReader.read(TestData.FEED)));
        assertSelfContained(html);
        assertThat(html).contains("Wasserstein distance (normed)").contains("(auto)").contains("Not compared")
                .contains("not in the current data");
        assertThat(html.split("<svg ", -1)).hasSize(21);
        assertThat(html).containsPattern("dataset drift detected|no dataset drift");
    }

    @Test
    void validation_listsAnomaliesOrSaysThereAreNone() {
        var schema = SchemaInference.infer(Statistics.of(TRAINING));
        assertThat(HtmlReports.validation("v", Validator.validate(TRAINING, schema))).contains("no anomalies");
        String html = HtmlReports.validation("v", Validator.validate(TableReader.read(TestData.FEED), schema));
        assertSelfContained(html);
        assertThat(html).contains("<code>MISSING_COLUMN</code>").contains("<code>OUT_OF_RANGE</code>").contains("4 error(s)");
    }

    @Test
    void json_rendersResultRecords() {
        assertThat(Reports.json(Statistics.of(TRAINING))).contains("\"rowCount\" : 5000").contains("\"topValues\"");
    }
}
