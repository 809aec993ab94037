package org.mlops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.TrackingService;
import org.mlops4j.tracking.ViewType;
import org.mlops4j.train.predict.Predictor;
import picocli.CommandLine;

class TrainCommandTest {
    private static final Path REPO = locateRepository();

    @TempDir
    Path dir;

    private static Path locateRepository() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("data/german-credit")) && Files.isDirectory(d.resolve("examples"))) {
                return d;
            }
        }
        throw new IllegalStateException("cannot find the repository root");
    }

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** The example configuration with a smaller search, so the test stays quick. */
    private Path smallExample() throws Exception {
        String yaml = Files.readString(REPO.resolve("examples/credit-risk/train.yaml"))
                .replace("../../data/", REPO.resolve("data").toString() + "/")
                .replace("trials: 12", "trials: 3").replace("num_rounds: 300", "num_rounds: 40");
        Path file = dir.resolve("train.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void train_example_recordsAFinishedRunWithItsBundle() throws Exception {
        String db = "sqlite:///" + dir.resolve("mlruns.db");
        Outcome outcome = run("train", "--config", smallExample().toString(), "--backend-store-uri", db,
                "--artifacts-destination", dir.resolve("artifacts").toString(), "--output", dir.resolve("bundle").toString());
        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.code()).isEqualTo(TrainCommand.OK);
        assertThat(outcome.out()).contains("3 trials").contains("sha256:").contains("test_auc_roc=")
                .contains("checks    passed");

        try (Database database = Database.open(db)) {
            TrackingService tracking = TrackingService.onDatabase(database, Clock.systemUTC(), "mlflow-artifacts:");
            String experiment = tracking.getExperimentByName("credit-risk").experimentId();
            List<Run> runs = tracking.searchRuns(List.of(experiment), "", ViewType.ALL, List.of(), 100, null, false).items();
            assertThat(runs).hasSize(4).allSatisfy(r -> assertThat(r.info().status()).isEqualTo(RunStatus.FINISHED));
            Run parent = runs.stream().filter(r -> r.info().runName().equals("gbt-tpe")).findFirst().orElseThrow();
            assertThat(outcome.out()).contains(parent.info().runId());
            Path bundle = dir.resolve("artifacts").resolve(parent.info().experimentId()).resolve(parent.info().runId())
                    .resolve("artifacts/model");
            assertThat(bundle.resolve("bundle.json")).exists();
            try (Predictor predictor = Predictor.load(bundle)) {
                assertThat(predictor.classes()).containsExactly("No Risk", "Risk");
            }
        }
        assertThat(dir.resolve("bundle/bundle.json")).exists();
    }

    @Test
    void train_badConfiguration_exitsWithInputErrorAndAMessage() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "data: {train: x.csv, label: y}\nalgorithm: {name: xgboost, params: {max_dept: 3}}\n");
        Outcome outcome = run("train", "--config", file.toString(), "--no-tracking");
        assertThat(outcome.code()).isEqualTo(TrainCommand.INPUT_ERROR);
        assertThat(outcome.err()).contains("error: bad.yaml: Unknown parameter 'max_dept' for algorithm xgboost");
    }

    @Test
    void train_thresholdNotMet_exitsWithRejected() throws Exception {
        Path file = dir.resolve("strict.yaml");
        Files.writeString(file, Files.readString(smallExample()).replace("validation_auc_roc: {threshold: 0.75}",
                "test_auc_roc: {threshold: 0.9}"));
        Outcome outcome = run("train", "--config", file.toString(), "--no-tracking");
        assertThat(outcome.code()).isEqualTo(TrainCommand.REJECTED);
        assertThat(outcome.out()).contains("checks    FAILED").contains("FAIL test_auc_roc");
    }
}
