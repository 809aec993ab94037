package org.mlops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlops4j data ...} on the German credit files: exit codes and report content. */
class DataCommandTest {
    private static final Path DATA = Path.of("..", "data", "german-credit");
    private static final String TRAINING = DATA.resolve("german_credit_data_biased_training.csv").toString();
    private static final String TEST_CSV = DATA.resolve("credit_risk_test_data.csv").toString();
    private static final String FEED = DATA.resolve("german_credit_feed.json").toString();

    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one command line. */
    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void stats_printsJsonStatistics_andWritesAnHtmlReport() throws Exception {
        Result json = run("data", "stats", TRAINING);
        assertThat(json.code()).isZero();
        assertThat(json.out()).contains("\"rowCount\" : 5000").contains("\"name\" : \"LoanAmount\"")
                .contains("\"value\" : \"male\"");
        Path html = dir.resolve("stats.html");
        Result page = run("data", "stats", TRAINING, "--format", "html", "--output", html.toString());
        assertThat(page.code()).isZero();
        assertThat(page.out()).contains("statistics: 5000 rows, 21 columns -> ");
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg").doesNotContain("<script");
        Result streamed = run("data", "stats", "--stream", TEST_CSV);
        assertThat(streamed.code()).isZero();
        assertThat(streamed.out()).contains("\"rowCount\" : 1000");
    }

    @Test
    void inferSchemaThenValidate_trainingAgainstItsOwnSchema_exitsZeroWithNoAnomalies() throws Exception {
        Path schema = dir.resolve("schema.json");
        assertThat(run("data", "infer-schema", TRAINING, "-o", schema.toString()).code()).isZero();
        assertThat(Files.readString(schema)).contains("\"formatVersion\" : 1").contains("\"domain\" : [ \"female\", \"male\" ]");
        Result result = run("data", "validate", TRAINING, "--schema", schema.toString());
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("\"anomalies\" : [ ]");
    }

    @Test
    void validate_faultyCopy_exitsOneAndReportsEachCode() throws Exception {
        Path schema = dir.resolve("schema.json");
        run("data", "infer-schema", TRAINING, "-o", schema.toString());
        Path faulty = faultyCopy();
        Result result = run("data", "validate", faulty.toString(), "--schema", schema.toString());
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).contains("\"code\" : \"TYPE_MISMATCH\"", "\"code\" : \"MISSING_COLUMN\"",
                "\"code\" : \"NEW_COLUMN\"", "\"code\" : \"UNEXPECTED_CATEGORY\"", "\"code\" : \"NAN_OR_INF\"",
                "\"code\" : \"OUT_OF_RANGE\"", "row 3: 'abc'");
        Path html = dir.resolve("validation.html");
        Result page = run("data", "validate", faulty.toString(), "--schema", schema.toString(), "--format", "html",
                "-o", html.toString());
        assertThat(page.code()).isEqualTo(1);
        assertThat(Files.readString(html)).contains("<code>UNEXPECTED_CATEGORY</code>");
        Result errorsOnly = run("data", "validate", TRAINING, "--schema", schema.toString(), "--previous", TEST_CSV,
                "--fail-on", "error");
        assertThat(errorsOnly.code()).isZero();
        assertThat(errorsOnly.out()).contains("ROW_COUNT_CHANGE");
    }

    private Path faultyCopy() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(TRAINING));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<String> cells = new ArrayList<>(Arrays.asList(lines.get(i).split(",", -1)));
            if (i == 3) {
                cells.set(header.indexOf("LoanAmount"), "abc");
            } else if (i == 5) {
                cells.set(header.indexOf("Sex"), "unknown");
            } else if (i == 7) {
                cells.set(header.indexOf("Age"), "NaN");
            } else if (i == 9) {
                cells.set(header.indexOf("LoanDuration"), "999");
            }
            cells.remove(header.indexOf("Telephone"));
            cells.add(i == 0 ? "Channel" : "web");
            out.add(String.join(",", cells));
        }
        Path file = dir.resolve("faulty.csv");
        Files.write(file, out);
        return file;
    }

    @Test
    void compare_feedAgainstTraining_reportsPerColumnTestsAndNoDatasetDrift() throws Exception {
        Result result = run("data", "compare", TRAINING, FEED);
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("\"datasetDrift\" : false").contains("\"test\" : \"wasserstein\"")
                .contains("\"test\" : \"jensenshannon\"").contains("\"autoSelected\" : true")
                .contains("\"reason\" : \"not in the current data\"");
        Path html = dir.resolve("drift.html");
        assertThat(run("data", "compare", TRAINING, FEED, "--format", "html", "-o", html.toString()).code()).isZero();
        assertThat(Files.readString(html)).contains("no dataset drift").contains("<svg");
    }

    @Test
    void compare_realUciRowsAgainstSyntheticTraining_driftsBelowALowerShare() {
        Result result = run("data", "compare", TRAINING, TEST_CSV, "--drift-share", "0.4");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).contains("\"datasetDrift\" : true");
        Result psi = run("data", "compare", TRAINING, TEST_CSV, "--test", "psi", "--column-test", "Age=ks");
        assertThat(psi.out()).contains("\"test\" : \"psi\"").contains("\"test\" : \"ks\"").contains("\"autoSelected\" : false");
    }

    @Test
    void corruptInput_exitsTwoNamingFileLineAndColumn() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(TEST_CSV)).subList(0, 20));
        lines.set(12, "less_0,6,outstanding_credit");
        Path ragged = dir.resolve("ragged.csv");
        Files.write(ragged, lines);
        Result result = run("data", "stats", ragged.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("error: ragged.csv: line 13, column 4: expected 21 fields but found 3");
        assertThat(run("data", "validate", TRAINING, "--schema", dir.resolve("absent.json").toString()).code()).isEqualTo(2);
        assertThat(run("data", "compare", TRAINING, FEED, "--test", "nope").err()).contains("Unknown drift test 'nope'");
    }

    @Test
    void usageErrors_exitTwo_andHelpWorks() {
        assertThat(run("data", "stats").code()).isEqualTo(2);
        assertThat(run("data", "validate", TRAINING).code()).isEqualTo(2);
        assertThat(run("data", "stats", TRAINING, "--format", "pdf").code()).isEqualTo(2);
        Result help = run("data", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("stats", "infer-schema", "validate", "compare");
    }
}
