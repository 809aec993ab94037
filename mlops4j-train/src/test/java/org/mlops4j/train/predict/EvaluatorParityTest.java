package org.mlops4j.train.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Table;
import org.mlops4j.train.Labels;
import org.mlops4j.train.Splits;
import org.mlops4j.train.Task;
import org.mlops4j.train.TestData;
import org.mlops4j.train.algo.Algorithm;
import org.mlops4j.train.algo.TrainedModel;
import org.mlops4j.train.algo.TrainingData;
import org.mlops4j.train.algo.XgboostTrainer;
import org.mlops4j.train.feature.FeatureMatrix;
import org.mlops4j.train.feature.FeaturePipeline;
import org.mlops4j.train.feature.FeatureSpec;

/**
 * The pure-Java evaluators against XGBoost's own predictions, on every row of real data with 10%
 * of the feature values knocked out (missing), for every objective and booster the platform uses.
 */
class EvaluatorParityTest {
    private static final double PROBABILITY_TOLERANCE = 1e-6;
    private static final double VALUE_TOLERANCE = 2e-6;

    private static FeatureMatrix creditTrain;
    private static FeatureMatrix creditTest;
    private static float[] creditLabels;
    private static List<String> creditNames;
    private static FeatureMatrix wine;
    private static float[] wineValues;
    private static float[] wineClasses;
    private static List<String> wineNames;

    @BeforeAll
    static void load() {
        Table train = TestData.creditTrain();
        Table test = TestData.creditTest();
        FeaturePipeline pipeline = FeaturePipeline.fit(train, Splits.all(train.rowCount()), "Risk",
                FeatureSpec.defaults().resolve(false));
        creditTrain = knockOut(pipeline.transform(train), 1);
        creditTest = knockOut(pipeline.transform(test), 2);
        creditNames = pipeline.outputNames();
        creditLabels = Labels.infer(train, "Risk", null, Algorithm.XGBOOST, null).encode(train, "train");
        Table w = TestData.wine();
        FeaturePipeline winePipeline = FeaturePipeline.fit(w, Splits.all(w.rowCount()), "quality",
                FeatureSpec.defaults().resolve(false));
        wine = knockOut(winePipeline.transform(w), 3);
        wineNames = winePipeline.outputNames();
        wineValues = Labels.infer(w, "quality", Task.REGRESSION, Algorithm.XGBOOST, null).encode(w, "wine");
        wineClasses = Labels.infer(w, "quality", Task.MULTICLASS, Algorithm.XGBOOST, null).encode(w, "wine");
    }

    private static FeatureMatrix knockOut(FeatureMatrix m, long seed) {
        float[] values = m.values().clone();
        Random random = new Random(seed);
        for (int i = 0; i < values.length; i++) {
            if (random.nextDouble() < 0.1) {
                values[i] = Float.NaN;
            }
        }
        return new FeatureMatrix(values, m.rows(), m.columns());
    }

    private static TrainedModel train(Algorithm algorithm, Map<String, Object> params, Task task, int classes,
                                      List<String> names, FeatureMatrix x, float[] y) {
        return XgboostTrainer.train(algorithm, algorithm.resolve(params),
                new TrainingData(task, classes, names, x, y, null, null, 7, 1));
    }

    private static float[][] xgboostPredict(byte[] modelJson, FeatureMatrix x) throws Exception {
        Booster booster = XGBoost.loadModel(modelJson);
        DMatrix d = new DMatrix(x.values(), x.rows(), x.columns(), Float.NaN);
        try {
            return booster.predict(d);
        } finally {
            d.dispose();
            booster.dispose();
        }
    }

    private static void assertProbabilitiesMatch(MarginModel model, Task task, int classes, float[][] expected,
                                                 FeatureMatrix x) {
        List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        Predictions ours = Predictor.score(model, task, names, x);
        for (int r = 0; r < x.rows(); r++) {
            if (task == Task.BINARY) {
                assertThat(ours.probability(r, 1)).as("row %d", r).isCloseTo(expected[r][0],
                        org.assertj.core.api.Assertions.within(PROBABILITY_TOLERANCE));
            } else {
                for (int k = 0; k < classes; k++) {
                    assertThat(ours.probability(r, k)).as("row %d class %d", r, k).isCloseTo(expected[r][k],
                            org.assertj.core.api.Assertions.within(PROBABILITY_TOLERANCE));
                }
            }
        }
    }

    @Test
    void treeEnsemble_binaryGradientBoosting_matchesXgboostOnEveryTestRow() throws Exception {
        TrainedModel model = train(Algorithm.XGBOOST, Map.of("num_rounds", 100, "max_depth", 6), Task.BINARY, 2,
                creditNames, creditTrain, creditLabels);
        assertThat(((TreeEnsemble) model.model()).treeCount()).isEqualTo(100);
        assertProbabilitiesMatch(model.model(), Task.BINARY, 2, xgboostPredict(model.bytes(), creditTest), creditTest);
    }

    @Test
    void treeEnsemble_rowsWithoutMissingValues_takeTheFastWalk_andMatchXgboost() throws Exception {
        Table train = TestData.creditTrain();
        FeaturePipeline pipeline = FeaturePipeline.fit(train, Splits.all(train.rowCount()), "Risk",
                FeatureSpec.defaults().resolve(false));
        FeatureMatrix complete = pipeline.transform(TestData.creditTest());
        TrainedModel model = train(Algorithm.XGBOOST, Map.of("num_rounds", 101, "max_depth", 6), Task.BINARY, 2,
                creditNames, pipeline.transform(train), creditLabels);
        assertThat(((TreeEnsemble) model.model()).isDense()).isTrue();
        assertProbabilitiesMatch(model.model(), Task.BINARY, 2, xgboostPredict(model.bytes(), complete), complete);
    }

    @Test
    void treeEnsemble_treesDeeperThanTheFastLayout_takeTheGeneralWalk_andMatchXgboost() throws Exception {
        TrainedModel model = train(Algorithm.XGBOOST, Map.of("num_rounds", 10, "max_depth", 14, "min_child_weight", 0.0),
                Task.REGRESSION, 0, wineNames, wine, wineValues);
        assertThat(((TreeEnsemble) model.model()).isDense()).isFalse();
        float[][] expected = xgboostPredict(model.bytes(), wine);
        Predictions ours = Predictor.score(model.model(), Task.REGRESSION, List.of(), wine);
        for (int r = 0; r < wine.rows(); r++) {
            assertThat(ours.value(r)).as("row %d", r).isCloseTo(expected[r][0],
                    org.assertj.core.api.Assertions.within(VALUE_TOLERANCE));
        }
    }

    @Test
    void treeEnsemble_randomForest_matchesXgboost() throws Exception {
        TrainedModel model = train(Algorithm.RANDOM_FOREST, Map.of("num_trees", 50), Task.BINARY, 2, creditNames,
                creditTrain, creditLabels);
        assertThat(((TreeEnsemble) model.model()).treeCount()).isEqualTo(50);
        assertProbabilitiesMatch(model.model(), Task.BINARY, 2, xgboostPredict(model.bytes(), creditTest), creditTest);
    }

    @Test
    void treeEnsemble_multiclass_matchesXgboost() throws Exception {
        TrainedModel model = train(Algorithm.XGBOOST, Map.of("num_rounds", 30, "max_depth", 4), Task.MULTICLASS, 6,
                wineNames, wine, wineClasses);
        assertThat(model.model().outputs()).isEqualTo(6);
        assertProbabilitiesMatch(model.model(), Task.MULTICLASS, 6, xgboostPredict(model.bytes(), wine), wine);
    }

    @Test
    void treeEnsemble_regression_matchesXgboost() throws Exception {
        TrainedModel model = train(Algorithm.XGBOOST, Map.of("num_rounds", 100, "max_depth", 6), Task.REGRESSION, 0,
                wineNames, wine, wineValues);
        float[][] expected = xgboostPredict(model.bytes(), wine);
        Predictions ours = Predictor.score(model.model(), Task.REGRESSION, List.of(), wine);
        for (int r = 0; r < wine.rows(); r++) {
            assertThat(ours.value(r)).as("row %d", r).isCloseTo(expected[r][0],
                    org.assertj.core.api.Assertions.within(VALUE_TOLERANCE));
        }
    }

    /** Linear models are stored as coefficients: compare with the gblinear booster they came from. */
    private static void assertLinearMatches(Algorithm algorithm, Map<String, Object> params, Task task, int classes,
                                            List<String> names, FeatureMatrix x, float[] y) throws Exception {
        TrainingData data = new TrainingData(task, classes, names, x, y, null, null, 7, 1);
        Map<String, Object> xgbParams = XgboostTrainer.xgboostParams(algorithm, algorithm.resolve(params), data);
        xgbParams.put("verbose_eval", 0);
        DMatrix d = new DMatrix(x.values(), x.rows(), x.columns(), Float.NaN);
        d.setLabel(y);
        Booster booster = XGBoost.train(d, xgbParams, 50, new HashMap<>(), null, null);
        try {
            JsonNode json = Json.mapper().readTree(booster.toByteArray("json"));
            byte[] coefficients = Json.mapper().writeValueAsBytes(LinearModel.coefficientsFromGblinear(json, names));
            MarginModel model = MarginModel.parse(MarginModel.LINEAR, coefficients);
            float[][] expected = booster.predict(d, true);
            float[] margins = new float[model.outputs()];
            for (int r = 0; r < x.rows(); r++) {
                model.margins(x.values(), r * x.columns(), margins);
                for (int k = 0; k < margins.length; k++) {
                    assertThat((double) margins[k]).as("row %d output %d", r, k).isCloseTo(expected[r][k],
                            org.assertj.core.api.Assertions.within(1e-5 * Math.max(1, Math.abs(expected[r][k]))));
                }
            }
        } finally {
            booster.dispose();
            d.dispose();
        }
    }

    @Test
    void linearModel_logisticRegression_matchesGblinear() throws Exception {
        assertLinearMatches(Algorithm.LOGISTIC_REGRESSION, Map.of(), Task.BINARY, 2, creditNames, creditTrain,
                creditLabels);
    }

    @Test
    void linearModel_multinomialLogistic_matchesGblinear() throws Exception {
        assertLinearMatches(Algorithm.LOGISTIC_REGRESSION, Map.of("C", 0.5), Task.MULTICLASS, 6, wineNames, wine,
                wineClasses);
    }

    @Test
    void linearModel_elasticNet_matchesGblinear() throws Exception {
        assertLinearMatches(Algorithm.ELASTIC_NET, Map.of("alpha", 0.05), Task.REGRESSION, 0, wineNames, wine,
                wineValues);
    }

    @Test
    void parse_treeWithCycle_isRejected() throws Exception {
        TrainedModel model = train(Algorithm.XGBOOST, Map.of("num_rounds", 2, "max_depth", 2), Task.BINARY, 2,
                creditNames, creditTrain, creditLabels);
        ObjectNode root = (ObjectNode) Json.mapper().readTree(model.bytes());
        ObjectNode tree = (ObjectNode) root.path("learner").path("gradient_booster").path("model").path("trees").get(0);
        ((ArrayNode) tree.get("left_children")).set(1, 0); // node 1's left child points back at the root
        byte[] tampered = Json.mapper().writeValueAsBytes(root);
        assertThatThrownBy(() -> MarginModel.parse(MarginModel.XGBOOST, tampered)).isInstanceOf(MlopsException.class)
                .hasMessageContaining("children outside the tree");
    }

    @Test
    void parse_unsupportedObjective_isRejectedByName() throws Exception {
        TrainedModel model = train(Algorithm.XGBOOST, Map.of("num_rounds", 1), Task.BINARY, 2, creditNames, creditTrain,
                creditLabels);
        String json = new String(model.bytes(), StandardCharsets.UTF_8).replace("binary:logistic", "count:poisson");
        assertThatThrownBy(() -> MarginModel.parse(MarginModel.XGBOOST, json.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Unsupported XGBoost objective 'count:poisson'");
    }
}
