package org.mlops4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.Table;
import org.mlops4j.train.InMemoryRunRecorder.RecordedRun;
import org.mlops4j.train.InMemoryRunRecorder.Status;
import org.mlops4j.train.TrainConfig.AlgorithmSpec;
import org.mlops4j.train.TrainConfig.BaselineSpec;
import org.mlops4j.train.TrainConfig.DataSpec;
import org.mlops4j.train.TrainConfig.SearchSpec;
import org.mlops4j.train.TrainConfig.SplitSpec;
import org.mlops4j.train.algo.Algorithm;
import org.mlops4j.train.eval.MetricThreshold;
import org.mlops4j.train.predict.Predictions;
import org.mlops4j.train.predict.Predictor;
import org.mlops4j.train.tune.ParamDomain;
import org.mlops4j.train.tune.SearchMethod;
import org.mlops4j.train.tune.SearchSpace;
import org.mlops4j.train.tune.Trial;

/** The trainer end to end on German credit (and wine), recorded in memory. */
class TrainerTest {
    private static final DataSpec CREDIT = new DataSpec("credit-risk", TestData.CREDIT_TRAIN.toString(),
            TestData.CREDIT_TEST.toString(), "Risk", null);
    private static final AlgorithmSpec SMALL_GBT = AlgorithmSpec.of(Algorithm.XGBOOST,
            Map.of("num_rounds", 40, "max_depth", 4, "eta", 0.2));

    @TempDir
    Path dir;

    private final InMemoryRunRecorder recorder = new InMemoryRunRecorder();

    private TrainingResult train(TrainConfig config) {
        return new Trainer(recorder).train(config);
    }

    @Test
    void train_germanCredit_recordsParamsMetricsHistoryDatasetsAndBundle() {
        TrainingResult result = train(TrainConfig.of(CREDIT, SMALL_GBT).withExperiment("credit"));

        RecordedRun run = recorder.run(result.runId());
        assertThat(run.status()).isEqualTo(Status.FINISHED);
        assertThat(run.experiment()).isEqualTo("credit");
        assertThat(run.params()).containsEntry("algorithm", "xgboost").containsEntry("task", "binary")
                .containsEntry("max_depth", "4").containsEntry("num_rounds", "40").containsEntry("positive_class", "Risk")
                .containsEntry("split.test", "file");
        assertThat(run.datasets()).containsOnlyKeys("training", "testing");
        assertThat(run.datasets().get("training")).hasSize(64); // SHA-256 of the file
        assertThat(run.history("train_loss")).hasSize(40).extracting(MetricPoint::step)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 40).boxed().toList());
        assertThat(run.history("validation_loss")).hasSize(40);
        // The convergence record: training loss falls round after round.
        List<MetricPoint> trainLoss = run.history("train_loss");
        assertThat(trainLoss.get(39).value()).isLessThan(trainLoss.get(0).value() * 0.8);
        assertThat(run.latest("test_auc_roc")).isPresent();
        assertThat(run.latest("validation_auc_roc").orElseThrow()).isGreaterThan(0.75);
        assertThat(result.metrics()).containsKeys("test_auc_pr", "test_accuracy", "test_precision", "test_recall",
                "test_f1", "test_log_loss", "validation_log_loss");
        assertThat(run.artifacts()).containsKeys("model/bundle.json", "model/pipeline.json", "model/model/model.xgb.json",
                "model/input_example.json", "evaluation/test_roc_curve.json", "evaluation/test_roc_curve.svg",
                "evaluation/test_pr_curve.svg", "evaluation/test_confusion_matrix.json",
                "evaluation/test_confusion_matrix.svg", "evaluation/loss_curve.svg", "evaluation/validation_metrics.json");
        assertThat(new String(run.artifacts().get("evaluation/test_roc_curve.svg"), StandardCharsets.UTF_8))
                .startsWith("<svg").contains("<polyline");
        assertThat(run.tags()).containsEntry("mlops4j.bundle.digest", result.bundleDigest())
                .containsEntry("mlops4j.task", "binary").containsEntry("mlops4j.validation", "none");
        CodeVersion.gitCommit(Path.of("")).ifPresent(commit ->
                assertThat(run.tags()).containsEntry("mlflow.source.git.commit", commit));
        // The confusion matrix counts every test row once.
        long total = 0;
        for (long[] row : result.test().confusion().counts()) {
            for (long c : row) {
                total += c;
            }
        }
        assertThat(total).isEqualTo(1000);
    }

    @Test
    void train_twice_givesTheSameBundleDigest_andAnotherSeedDoesNot() {
        TrainConfig config = TrainConfig.of(CREDIT, AlgorithmSpec.of(Algorithm.XGBOOST,
                Map.of("num_rounds", 30, "max_depth", 4, "subsample", 0.8, "colsample_bynode", 0.8)));
        TrainingResult first = train(config);
        TrainingResult second = train(config);
        TrainingResult reseeded = train(config.withSeed(7));
        assertThat(second.bundleDigest()).isEqualTo(first.bundleDigest());
        first.bundle().files().forEach((path, bytes) -> assertThat(second.bundle().file(path)).as(path).isEqualTo(bytes));
        assertThat(reseeded.bundleDigest()).isNotEqualTo(first.bundleDigest());
    }

    @Test
    void train_moreThreads_givesTheSameModel() {
        TrainConfig config = TrainConfig.of(CREDIT, AlgorithmSpec.of(Algorithm.XGBOOST,
                Map.of("num_rounds", 10, "max_depth", 4, "subsample", 0.7))).withSplit(new SplitSpec(0, 0, true));
        TrainingResult one = train(config);
        TrainingResult two = train(config.withNthread(2));
        assertThat(two.bundle().file("model/model.xgb.json")).isEqualTo(one.bundle().file("model/model.xgb.json"));
    }

    @Test
    void earlyStopping_keepsTheBestRound() {
        TrainingResult result = train(TrainConfig.of(CREDIT, AlgorithmSpec.of(Algorithm.XGBOOST,
                Map.of("num_rounds", 300, "eta", 0.3, "max_depth", 6, "early_stopping_rounds", 10))));
        int best = (int) (double) result.metrics().get("best_iteration");
        int trained = (int) (double) result.metrics().get("rounds_trained");
        assertThat(trained).isLessThan(300).isEqualTo(best + 11);
        assertThat(recorder.run(result.runId()).history("validation_loss")).hasSize(trained);
        // The bundle holds best + 1 rounds, not the rounds after the best.
        assertThat(((org.mlops4j.train.predict.TreeEnsemble) result.bundle().model()).treeCount()).isEqualTo(best + 1);
        List<MetricPoint> validation = recorder.run(result.runId()).history("validation_loss");
        double bestLoss = validation.get(best).value();
        assertThat(validation.stream().mapToDouble(MetricPoint::value).min().orElseThrow()).isEqualTo(bestLoss);
    }

    @Test
    void search_tpe_runsChildRunsAndPicksTheBestByValidationAuc() {
        SearchSpace space = new SearchSpace(Map.of(
                "max_depth", new ParamDomain.Range(2, 6, true, false),
                "eta", new ParamDomain.Range(0.03, 0.5, false, true)));
        TrainConfig config = TrainConfig.of(CREDIT, AlgorithmSpec.of(Algorithm.XGBOOST, Map.of("num_rounds", 20)))
                .withSearch(new SearchSpec(SearchMethod.TPE, 7, "auc_roc", null, space)).withRunName("tpe");
        TrainingResult result = train(config);

        List<RecordedRun> children = recorder.children(result.runId());
        assertThat(children).hasSize(7).allSatisfy(child -> {
            assertThat(child.status()).isEqualTo(Status.FINISHED);
            assertThat(child.tags()).containsEntry(RunRecorder.PARENT_RUN_TAG, result.runId());
            assertThat(child.history("train_loss")).hasSize(20);
        });
        Trial best = result.trials().stream().max(java.util.Comparator.comparingDouble(Trial::score)).orElseThrow();
        assertThat(result.metrics().get("best_trial")).isEqualTo((double) best.number());
        assertThat(recorder.run(result.runId()).tags()).containsEntry("mlops4j.best_trial_run_id", best.runId());
        assertThat(result.params().get("max_depth")).isEqualTo(best.params().get("max_depth"));
        assertThat(result.metrics().get("validation_auc_roc")).isCloseTo(best.score(), within(1e-12));
        assertThat(recorder.run(best.runId()).latest("validation_auc_roc").orElseThrow()).isEqualTo(best.score());
    }

    @Test
    void search_gridWithCrossValidation_triesEveryCombination() {
        SearchSpace space = new SearchSpace(Map.of("C", new ParamDomain.Choice(List.of(0.1, 1.0)),
                "penalty", new ParamDomain.Choice(List.of("l2", "l1"))));
        TrainConfig config = TrainConfig.of(CREDIT, AlgorithmSpec.of(Algorithm.LOGISTIC_REGRESSION, Map.of("max_iter", 20)))
                .withSearch(new SearchSpec(SearchMethod.GRID, 10, "log_loss", null, space)).withCvFolds(2)
                .withSplit(new SplitSpec(0, 0, true));
        TrainingResult result = train(config);
        assertThat(result.trials()).hasSize(4).extracting(t -> t.params().get("C") + "/" + t.params().get("penalty"))
                .containsExactlyInAnyOrder("0.1/l2", "0.1/l1", "1.0/l2", "1.0/l1");
        Trial best = result.trials().stream().min(java.util.Comparator.comparingDouble(Trial::score)).orElseThrow();
        assertThat(best.metrics()).containsKeys("cv_log_loss_mean", "cv_log_loss_std", "cv_auc_roc_mean");
        assertThat(result.metrics()).containsEntry("cv_log_loss_mean", best.score());
    }

    @Test
    void thresholds_failAgainstABetterBaseline_andPassWithoutOne() {
        TrainConfig base = TrainConfig.of(CREDIT, SMALL_GBT);
        TrainingResult alone = train(base.withThresholds(
                List.of(MetricThreshold.of("validation_auc_roc", 0.7, 0.0, 0.05)), null));
        assertThat(alone.passed()).isTrue();
        assertThat(recorder.run(alone.runId()).tags()).containsEntry("mlops4j.validation", "passed");
        assertThat(recorder.run(alone.runId()).artifacts()).containsKey("evaluation/validation_result.json");

        TrainingResult rejected = train(base.withThresholds(
                List.of(MetricThreshold.of("validation_auc_roc", 0.7, 0.0, 0.05)),
                new BaselineSpec(null, Map.of("validation_auc_roc", 0.99))));
        assertThat(rejected.passed()).isFalse();
        assertThat(rejected.gate().failures()).extracting(c -> c.criterion())
                .containsExactly("min_absolute_change", "min_relative_change");
        assertThat(recorder.run(rejected.runId()).status()).isEqualTo(Status.FINISHED);
        assertThat(recorder.run(rejected.runId()).tags()).containsEntry("mlops4j.validation", "failed");
    }

    @Test
    void thresholds_againstAChampionBundle_compareOnTheSameRows() {
        TrainConfig weak = TrainConfig.of(CREDIT, AlgorithmSpec.of(Algorithm.XGBOOST,
                Map.of("num_rounds", 2, "max_depth", 1))).withOutput(dir.resolve("champion"));
        TrainingResult champion = train(weak);
        TrainingResult challenger = train(TrainConfig.of(CREDIT, SMALL_GBT).withThresholds(
                List.of(MetricThreshold.of("validation_auc_roc", null, 0.01, null)),
                new BaselineSpec(dir.resolve("champion").toString(), Map.of())));
        assertThat(challenger.passed()).isTrue();
        assertThat(recorder.run(challenger.runId()).latest("baseline_validation_auc_roc").orElseThrow())
                .isCloseTo(champion.metrics().get("validation_auc_roc"), within(1e-12));
    }

    @Test
    void train_multiclassWine_predictsDistributions() {
        TrainConfig config = TrainConfig.of(new DataSpec("wine", TestData.WINE_RED.toString(), null, "quality", null),
                AlgorithmSpec.of(Algorithm.XGBOOST, Map.of("num_rounds", 20, "max_depth", 4))).withTask(Task.MULTICLASS);
        TrainingResult result = train(config);
        assertThat(result.classes()).containsExactly("3", "4", "5", "6", "7", "8");
        Predictions p = result.predictor().predict(TestData.wine());
        for (int r = 0; r < p.size(); r++) {
            assertThat(java.util.Arrays.stream(p.probabilities()[r]).sum()).isCloseTo(1.0, within(1e-9));
        }
        assertThat(result.metrics().get("test_accuracy")).isGreaterThan(0.5);
        assertThat(result.metrics()).containsKey("test_auc_roc");
    }

    @Test
    void train_randomForestAndElasticNet_learnTheirTasks() {
        TrainingResult forest = train(TrainConfig.of(CREDIT, AlgorithmSpec.of(Algorithm.RANDOM_FOREST,
                Map.of("num_trees", 20, "max_depth", 5))));
        assertThat(forest.metrics().get("validation_auc_roc")).isGreaterThan(0.75);
        TrainingResult net = train(TrainConfig.of(DataSpec.of(TestData.WINE_RED.toString(), "quality"),
                AlgorithmSpec.of(Algorithm.ELASTIC_NET, Map.of("alpha", 0.05))));
        assertThat(net.task()).isEqualTo(Task.REGRESSION);
        assertThat(net.bundle().descriptor().modelFile()).isEqualTo("model/coefficients.json");
        assertThat(net.metrics().get("test_r2")).isGreaterThan(0.25);
    }

    // ---- bad input: a clear error, and the run marked FAILED with the reason

    private MlopsException failure(TrainConfig config, Table train) {
        try {
            new Trainer(recorder).train(config, train, DatasetInfo.ofTable("t", train, "memory"), null, null);
        } catch (MlopsException e) {
            return e;
        }
        throw new AssertionError("training should have failed");
    }

    private void assertOnlyRunFailedWith(String reason) {
        assertThat(recorder.runs()).hasSize(1);
        RecordedRun run = recorder.runs().get(0);
        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.tags().get(RunRecorder.FAILURE_TAG)).contains(reason);
    }

    @Test
    void train_labelColumnMissing_failsTheRunNamingTheColumn() {
        MlopsException e = failure(TrainConfig.of(DataSpec.of("mem", "Outcome"), SMALL_GBT), TestData.creditTrain());
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(e.getMessage()).contains("Label column 'Outcome' is not in the training data");
        assertOnlyRunFailedWith("Label column 'Outcome'");
    }

    @Test
    void train_singleClass_failsTheRun() {
        Table table = Table.of(NumericColumn.of("x", 1, 2, 3, 4), StringColumn.categorical("y", "a", "a", "a", "a"));
        MlopsException e = failure(TrainConfig.of(DataSpec.of("mem", "y"), SMALL_GBT), table);
        assertThat(e.getMessage()).contains("single class ('a')");
        assertOnlyRunFailedWith("single class");
    }

    @Test
    void train_allNaNFeature_failsTheRunNamingTheFeature() {
        Table credit = TestData.creditTrain();
        double[] nan = new double[credit.rowCount()];
        java.util.Arrays.fill(nan, Double.NaN);
        Table table = credit.with(new NumericColumn("Broken", nan, null));
        MlopsException e = failure(TrainConfig.of(DataSpec.of("mem", "Risk"), SMALL_GBT), table);
        assertThat(e.getMessage()).contains("Feature 'Broken' has no value");
        assertOnlyRunFailedWith("Feature 'Broken'");
    }

    @Test
    void train_missingLabels_failsTheRun() {
        BitSet missing = new BitSet();
        missing.set(2);
        Table table = Table.of(NumericColumn.of("x", 1, 2, 3, 4),
                new StringColumn("y", ColumnType.CATEGORICAL, new int[] {0, 1, -1, 1}, List.of("a", "b")));
        MlopsException e = failure(TrainConfig.of(DataSpec.of("mem", "y"), SMALL_GBT), table);
        assertThat(e.getMessage()).contains("1 missing value(s)").contains("row 3");
        assertOnlyRunFailedWith("missing value");
    }

    @Test
    void train_missingDataFile_failsTheRun() {
        assertThatThrownBy(() -> train(TrainConfig.of(DataSpec.of(dir.resolve("nope.csv").toString(), "y"), SMALL_GBT)))
                .isInstanceOf(MlopsException.class).hasMessageContaining("does not exist");
        assertOnlyRunFailedWith("nope.csv");
    }

    @Test
    void config_unknownAlgorithmOrParameter_isRejectedBeforeAnyRun() {
        assertThatThrownBy(() -> Algorithm.parse("deep_forest")).hasMessageContaining("Unknown algorithm 'deep_forest'")
                .hasMessageContaining("xgboost");
        assertThatThrownBy(() -> AlgorithmSpec.of(Algorithm.XGBOOST, Map.of("max_dept", 3)))
                .hasMessageContaining("Unknown parameter 'max_dept' for algorithm xgboost").hasMessageContaining("max_depth");
        assertThatThrownBy(() -> AlgorithmSpec.of(Algorithm.XGBOOST, Map.of("eta", 1.5)))
                .hasMessageContaining("Invalid value '1.5' for parameter 'eta'");
        assertThatThrownBy(() -> TrainConfig.of(CREDIT, SMALL_GBT).withSearch(new SearchSpec(SearchMethod.RANDOM, 3,
                "auc_roc", null, new SearchSpace(Map.of("depth", new ParamDomain.Choice(List.of(3)))))))
                .hasMessageContaining("Unknown parameter 'depth'");
        assertThatThrownBy(() -> TrainConfig.of(CREDIT, AlgorithmSpec.of(Algorithm.XGBOOST,
                Map.of("early_stopping_rounds", 5))).withSplit(new SplitSpec(0, 0.2, true)))
                .hasMessageContaining("early_stopping_rounds needs validation rows");
        assertThat(recorder.runs()).isEmpty();
    }

    @Test
    void train_algorithmThatCannotLearnTheTask_failsTheRun() {
        // The task is inferred from the label (categorical: binary), so only the data can reveal the mismatch.
        MlopsException e = failure(TrainConfig.of(DataSpec.of("mem", "Risk"),
                AlgorithmSpec.of(Algorithm.ELASTIC_NET, Map.of())), TestData.creditTrain());
        assertThat(e.getMessage()).contains("Algorithm elastic_net cannot learn a binary task");
        assertOnlyRunFailedWith("cannot learn a binary task");
    }

    @Test
    void train_inMemoryTable_usesATableDigest() {
        Table credit = TestData.creditTrain();
        List<Column> columns = new ArrayList<>(credit.columns());
        TrainingResult result = new Trainer(recorder).train(TrainConfig.of(DataSpec.of("mem", "Risk"), SMALL_GBT),
                Table.of(columns), DatasetInfo.ofTable("credit", credit, "memory"), null, null);
        assertThat(recorder.run(result.runId()).datasets().get("training"))
                .isEqualTo(DatasetInfo.ofTable("credit", Table.of(columns), "memory").digest());
        assertThat(result.test()).isNotNull(); // test rows were split off
        assertThat(result.bundle().descriptor().lineage().path("split").path("test_rows").asInt()).isEqualTo(1000);
    }

    @Test
    void predictor_fromResult_matchesBundleLoadedFromDisk() {
        TrainingResult result = train(TrainConfig.of(CREDIT, SMALL_GBT).withOutput(dir.resolve("bundle")));
        Table test = TestData.creditTest();
        Predictions inMemory = result.predictor().predict(test);
        Predictions fromDisk = Predictor.load(dir.resolve("bundle")).predict(test);
        assertThat(fromDisk.probabilities()).isDeepEqualTo(inMemory.probabilities());
        // The test metrics were computed through the same predictor.
        int[] actual = new Labels(Task.BINARY, "Risk", result.classes()).classIndices(test, "test data");
        assertThat(result.test().metric("auc_roc"))
                .isEqualTo(org.mlops4j.train.eval.Metrics.aucRoc(actual, fromDisk.positiveProbabilities()));
    }
}
