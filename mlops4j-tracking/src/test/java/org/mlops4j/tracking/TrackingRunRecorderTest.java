package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.core.MlopsException;
import org.mlops4j.store.artifact.ArtifactPath;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;
import org.mlops4j.train.RunRecorder;
import org.mlops4j.train.TrainConfig;
import org.mlops4j.train.TrainConfig.AlgorithmSpec;
import org.mlops4j.train.TrainConfig.DataSpec;
import org.mlops4j.train.TrainConfig.SearchSpec;
import org.mlops4j.train.Trainer;
import org.mlops4j.train.TrainingResult;
import org.mlops4j.train.algo.Algorithm;
import org.mlops4j.train.bundle.ModelBundle;
import org.mlops4j.train.predict.Predictor;
import org.mlops4j.train.tune.ParamDomain;
import org.mlops4j.train.tune.SearchMethod;
import org.mlops4j.train.tune.SearchSpace;

/** Training recorded through TrackingRunRecorder into a real SQLite file and a real PostgreSQL server. */
class TrackingRunRecorderTest {
    private static final Path DATA = locateData();

    @TempDir
    Path dir;
    private Database db;
    private TrackingService tracking;
    private ArtifactStore store;
    private TrackingRunRecorder recorder;

    private static Path locateData() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("data/german-credit"))) {
                return d.resolve("data/german-credit");
            }
        }
        throw new IllegalStateException("cannot find data/german-credit");
    }

    private void open(Backend backend) {
        db = Database.open(TestDatabases.newDatabaseUri(backend, dir));
        tracking = TrackingService.onDatabase(db, Clock.systemUTC(), "mlflow-artifacts:");
        store = ArtifactStores.open(dir.resolve("artifacts").toString());
        recorder = new TrackingRunRecorder(tracking, store, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static TrainConfig credit(Map<String, Object> params) {
        return TrainConfig.of(new DataSpec("credit-risk", DATA.resolve("german_credit_data_biased_training.csv").toString(),
                DATA.resolve("credit_risk_test_data.csv").toString(), "Risk", null),
                AlgorithmSpec.of(Algorithm.XGBOOST, params)).withExperiment("credit-risk");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void train_recordsRunParamsMetricHistoryInputsAndArtifacts(Backend backend) {
        open(backend);
        TrainingResult result = new Trainer(recorder).train(credit(Map.of("num_rounds", 15, "max_depth", 3))
                .withRunName("gbt"));

        Run run = tracking.getRun(result.runId());
        assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.info().endTime()).isNotNull();
        assertThat(run.info().runName()).isEqualTo("gbt");
        assertThat(tracking.getExperimentByName("credit-risk").experimentId()).isEqualTo(run.info().experimentId());
        assertThat(run.data().params()).contains(new Param("max_depth", "3"), new Param("algorithm", "xgboost"));
        assertThat(run.data().tags()).contains(new Tag("mlops4j.bundle.digest", result.bundleDigest()),
                new Tag("mlops4j.task", "binary"));
        assertThat(run.data().metrics()).extracting(Metric::key).contains("test_auc_roc", "validation_log_loss",
                "train_loss", "validation_loss");
        assertThat(tracking.metricHistory(result.runId(), "train_loss", 1000, null).items()).hasSize(15)
                .extracting(Metric::step).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 15).boxed().toList());
        assertThat(run.inputs()).hasSize(2).allSatisfy(input -> assertThat(input.dataset().digest()).hasSize(64));
        assertThat(run.inputs()).extracting(i -> i.tags().get(0).value()).containsExactlyInAnyOrder("training", "testing");

        ArtifactPath root = recorder.artifactRoot(result.runId());
        assertThat(root.toString()).isEqualTo(run.info().experimentId() + "/" + result.runId() + "/artifacts");
        ModelBundle bundle = ModelBundle.read(store, root.resolve("model"));
        assertThat(bundle.digest()).isEqualTo(result.bundleDigest());
        assertThat(store.size(root.resolve("evaluation/test_roc_curve.svg"))).isPositive();
        try (Predictor predictor = Predictor.of(bundle)) {
            assertThat(predictor.predictRow(Map.of("Age", 30)).label()).isIn("No Risk", "Risk");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void search_recordsEveryTrialAsAChildRun(Backend backend) {
        open(backend);
        TrainConfig config = credit(Map.of("num_rounds", 8)).withSearch(new SearchSpec(SearchMethod.GRID, 5, "auc_roc",
                null, new SearchSpace(Map.of("max_depth", new ParamDomain.Choice(List.of(2, 3))))));
        TrainingResult result = new Trainer(recorder).train(config);
        List<Run> children = tracking.searchRuns(List.of(tracking.getRun(result.runId()).info().experimentId()),
                "tags.mlflow.parentRunId = '" + result.runId() + "'", ViewType.ACTIVE_ONLY, List.of(), 100, null, false)
                .items();
        assertThat(children).hasSize(2).allSatisfy(child -> {
            assertThat(child.info().status()).isEqualTo(RunStatus.FINISHED);
            assertThat(child.data().metrics()).extracting(Metric::key).contains("validation_auc_roc");
        });
        assertThat(children).extracting(c -> c.data().params().stream().filter(p -> p.key().equals("max_depth"))
                .findFirst().orElseThrow().value()).containsExactlyInAnyOrder("2", "3");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void train_badLabel_leavesTheRunFailedWithTheReason(Backend backend) {
        open(backend);
        TrainConfig config = TrainConfig.of(new DataSpec("credit-risk",
                DATA.resolve("german_credit_data_biased_training.csv").toString(), null, "Outcome", null),
                AlgorithmSpec.of(Algorithm.XGBOOST, Map.of())).withExperiment("broken");
        assertThatThrownBy(() -> new Trainer(recorder).train(config)).isInstanceOf(MlopsException.class)
                .hasMessageContaining("Label column 'Outcome'");
        List<Run> runs = tracking.searchRuns(List.of(tracking.getExperimentByName("broken").experimentId()), "",
                ViewType.ALL, List.of(), 10, null, false).items();
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.info().status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.info().endTime()).isNotNull();
            assertThat(run.data().tags()).anySatisfy(tag -> {
                assertThat(tag.key()).isEqualTo(RunRecorder.FAILURE_TAG);
                assertThat(tag.value()).contains("Label column 'Outcome' is not in the training data");
            });
        });
    }
}
