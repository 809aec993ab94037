package org.mlops4j.train.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.Table;
import org.mlops4j.train.RunRecorder;
import org.mlops4j.train.TestData;
import org.mlops4j.train.TrainConfig;
import org.mlops4j.train.TrainConfig.AlgorithmSpec;
import org.mlops4j.train.TrainConfig.DataSpec;
import org.mlops4j.train.Trainer;
import org.mlops4j.train.TrainingResult;
import org.mlops4j.train.algo.Algorithm;

class PredictorTest {
    private static final DataSpec CREDIT = new DataSpec("credit", TestData.CREDIT_TRAIN.toString(),
            TestData.CREDIT_TEST.toString(), "Risk", null);
    private static TrainingResult trees;
    private static TrainingResult linear;
    private static Table test;

    @BeforeAll
    static void train() {
        Trainer trainer = new Trainer(RunRecorder.none());
        trees = trainer.train(TrainConfig.of(CREDIT, AlgorithmSpec.of(Algorithm.XGBOOST,
                Map.of("num_rounds", 30, "max_depth", 4))));
        linear = trainer.train(TrainConfig.of(CREDIT, AlgorithmSpec.of(Algorithm.LOGISTIC_REGRESSION,
                Map.of("max_iter", 50))));
        test = TestData.creditTest();
    }

    private static Object value(Column column, int row) {
        return column instanceof NumericColumn n ? (Object) n.value(row) : column.text(row);
    }

    @Test
    void predictRow_equalsBatchPrediction_byPositionAndByName() {
        try (Predictor predictor = trees.predictor()) {
            Predictions batch = predictor.predict(test);
            for (int r = 0; r < 100; r++) {
                Object[] values = new Object[predictor.inputNames().size()];
                Map<String, Object> named = new HashMap<>();
                for (int i = 0; i < values.length; i++) {
                    String name = predictor.inputNames().get(i);
                    values[i] = value(test.column(name), r);
                    named.put(name, values[i]);
                }
                Prediction one = predictor.predictRow(values);
                assertThat(one.probabilities()).containsExactly(batch.probabilities()[r]);
                assertThat(one.label()).isEqualTo(batch.label(r));
                assertThat(predictor.predictRow(named).probabilities()).containsExactly(batch.probabilities()[r]);
            }
        }
    }

    @Test
    void predictRow_missingValuesAndUnknownCategories_stillPredict() {
        try (Predictor predictor = trees.predictor()) {
            Prediction p = predictor.predictRow(Map.of("CheckingStatus", "a-category-never-seen", "Age", 30));
            assertThat(p.probabilities()[0] + p.probabilities()[1]).isCloseTo(1.0, within(1e-12));
            assertThat(p.label()).isIn("No Risk", "Risk");
        }
    }

    @Test
    void predict_missingColumn_isNamed() {
        try (Predictor predictor = trees.predictor()) {
            assertThatThrownBy(() -> predictor.predict(test.without("Age", "Sex"))).hasMessageContaining("[Sex, Age]");
        }
    }

    @Test
    void explain_treeShapValues_addUpToTheMargin() {
        try (Predictor predictor = trees.predictor()) {
            Explanations e = predictor.explain(test);
            Predictions p = predictor.predict(test);
            assertThat(e.features()).isEqualTo(predictor.inputNames());
            assertThat(e.outputs()).containsExactly("Risk");
            for (int r = 0; r < 200; r++) {
                double sum = e.bias()[r][0];
                for (double c : e.contributions()[r][0]) {
                    sum += c;
                }
                double prob = p.probability(r, 1);
                assertThat(sum).isCloseTo(Math.log(prob / (1 - prob)), within(1e-4));
            }
            // Some feature matters for some row.
            assertThat(java.util.Arrays.stream(e.contributions()[0][0]).map(Math::abs).max().orElseThrow())
                    .isGreaterThan(0.01);
        }
    }

    @Test
    void explain_linearContributions_areWeightTimesValue_andAddUp() {
        try (Predictor predictor = linear.predictor()) {
            Explanations e = predictor.explain(test);
            Predictions p = predictor.predict(test);
            for (int r = 0; r < 200; r++) {
                double sum = e.bias()[r][0];
                for (double c : e.contributions()[r][0]) {
                    sum += c;
                }
                double prob = p.probability(r, 1);
                assertThat(sum).isCloseTo(Math.log(prob / (1 - prob)), within(1e-4));
            }
        }
    }

    @Test
    void bundle_withATamperedFile_doesNotLoad() {
        var files = new java.util.TreeMap<>(trees.bundle().files());
        files.put("pipeline.json", linear.bundle().file("pipeline.json"));
        assertThatThrownBy(() -> org.mlops4j.train.bundle.ModelBundle.fromFiles(files))
                .hasMessageContaining("pipeline.json does not match its SHA-256");
    }

    @Test
    void predictor_modelAndPipelineThatDisagree_isRejected() {
        Table credit = TestData.creditTrain();
        var onlyAge = new org.mlops4j.train.feature.FeatureSpec(List.of("Age"), List.of(),
                org.mlops4j.train.feature.FeatureSpec.NumericImpute.NONE, 0,
                org.mlops4j.train.feature.FeatureSpec.Scaling.NONE,
                org.mlops4j.train.feature.FeatureSpec.CategoricalImpute.NONE, null,
                org.mlops4j.train.feature.FeatureSpec.Encoding.ONE_HOT,
                org.mlops4j.train.feature.FeatureSpec.UnknownCategory.IGNORE);
        var pipeline = org.mlops4j.train.feature.FeaturePipeline.fit(credit,
                org.mlops4j.train.Splits.all(credit.rowCount()), "Risk", onlyAge);
        var bundle = org.mlops4j.train.bundle.ModelBundle.create(trees.bundle().descriptor(), pipeline,
                trees.bundle().file("model/model.xgb.json"), trees.bundle().inputExample());
        assertThatThrownBy(() -> Predictor.of(bundle)).hasMessageContaining("the pipeline makes 1");
    }
}
