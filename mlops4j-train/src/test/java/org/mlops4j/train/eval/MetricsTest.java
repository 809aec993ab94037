package org.mlops4j.train.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden values computed with scikit-learn 1.2.1 (the inputs and calls are in each test's comment). */
class MetricsTest {
    private static final double EPS = 1e-12;
    // y = [0,1,1,0,1,0,0,1,1,0,1,0]; s = [0.1,0.8,0.65,0.3,0.3,0.7,0.2,0.9,0.65,0.65,0.4,0.05] (ties included)
    private static final int[] Y = {0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0};
    private static final double[] S = {0.1, 0.8, 0.65, 0.3, 0.3, 0.7, 0.2, 0.9, 0.65, 0.65, 0.4, 0.05};

    @Test
    void aucRoc_withTies_matchesSklearn() {
        assertThat(Metrics.aucRoc(Y, S)).isCloseTo(0.7916666666666667, within(EPS)); // roc_auc_score(y, s)
    }

    @Test
    void aucRoc_singleClass_isNaN() {
        assertThat(Metrics.aucRoc(new int[] {1, 1}, new double[] {0.2, 0.4})).isNaN();
    }

    @Test
    void averagePrecision_matchesSklearn() {
        assertThat(Metrics.averagePrecision(Y, S)).isCloseTo(0.7857142857142856, within(EPS)); // average_precision_score
    }

    @Test
    void rocCurve_dropsCollinearPoints_likeSklearn() {
        Curve roc = Metrics.rocCurve(Y, S); // roc_curve(y, s)
        assertThat(roc.x()).containsExactly(new double[] {0.0, 0.0, 0.0, 1 / 6.0, 2 / 6.0, 2 / 6.0, 0.5, 1.0}, within(EPS));
        assertThat(roc.y()).containsExactly(new double[] {0.0, 1 / 6.0, 2 / 6.0, 2 / 6.0, 4 / 6.0, 5 / 6.0, 1.0, 1.0},
                within(EPS));
        assertThat(roc.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.65, 0.4, 0.3, 0.05);
    }

    @Test
    void prCurve_matchesSklearnPoints() {
        Curve pr = Metrics.prCurve(Y, S); // precision_recall_curve(y, s), read from the other end
        assertThat(pr.x()).containsExactly(new double[] {0.0, 1 / 6.0, 2 / 6.0, 2 / 6.0, 4 / 6.0, 5 / 6.0, 1, 1, 1, 1},
                within(EPS));
        assertThat(pr.y()).containsExactly(new double[] {1.0, 1.0, 1.0, 2 / 3.0, 2 / 3.0, 0.7142857142857143,
                0.6666666666666666, 0.6, 0.5454545454545454, 0.5}, within(EPS));
    }

    @Test
    void binaryEvaluation_matchesSklearn() {
        double[][] p = new double[S.length][];
        for (int i = 0; i < S.length; i++) {
            p[i] = new double[] {1 - S[i], S[i]};
        }
        Evaluation e = Evaluator.classification(List.of("no", "yes"), Y, p);
        // log_loss(y, s); accuracy/precision/recall/f1 of (s > 0.5)
        assertThat(e.metric("log_loss")).isCloseTo(0.5250500557899973, within(1e-12));
        assertThat(e.metric("accuracy")).isCloseTo(2 / 3.0, within(EPS));
        assertThat(e.metric("precision")).isCloseTo(2 / 3.0, within(EPS));
        assertThat(e.metric("recall")).isCloseTo(2 / 3.0, within(EPS));
        assertThat(e.metric("f1")).isCloseTo(2 / 3.0, within(EPS));
        assertThat(e.confusion().counts()).isEqualTo(new long[][] {{4, 2}, {2, 4}});
    }

    @Test
    void multiclassEvaluation_matchesSklearnMacroAverages() {
        int[] y = {0, 1, 2, 2, 1, 0, 2, 1};
        double[][] p = {{.4, .2, .4}, {.2, .5, .3}, {.1, .3, .6}, {.3, .5, .2}, {.6, .3, .1}, {.6, .3, .1}, {.2, .2, .6},
                {.1, .8, .1}};
        Evaluation e = Evaluator.classification(List.of("a", "b", "c"), y, p);
        // roc_auc_score(multi_class='ovr', average='macro'), log_loss, *_score(average='macro'), mean OvR AP
        assertThat(e.metric("auc_roc")).isCloseTo(0.8583333333333334, within(EPS));
        assertThat(e.metric("log_loss")).isCloseTo(0.7723086314757898, within(1e-12));
        assertThat(e.metric("f1")).isCloseTo(0.7555555555555555, within(EPS));
        assertThat(e.metric("precision")).isCloseTo(0.7777777777777777, within(EPS));
        assertThat(e.metric("recall")).isCloseTo(0.7777777777777777, within(EPS));
        assertThat(e.metric("accuracy")).isCloseTo(0.75, within(EPS));
        assertThat(e.metric("auc_pr")).isCloseTo(0.724074074074074, within(EPS));
        assertThat(e.confusion().counts()).isEqualTo(new long[][] {{2, 0, 0}, {1, 2, 0}, {0, 1, 2}});
        assertThat(e.roc()).isNull();
    }

    @Test
    void regressionEvaluation_matchesSklearn() {
        Evaluation e = Evaluator.regression(new double[] {3.0, 5.0, 2.5, 7.0, 4.2}, new double[] {2.5, 5.0, 4.0, 8.0, 4.0});
        assertThat(e.metrics()).containsOnlyKeys("rmse", "mae", "r2", "mape");
        assertThat(e.metric("rmse")).isCloseTo(0.8414273587185052, within(EPS));
        assertThat(e.metric("mae")).isCloseTo(0.64, within(EPS));
        assertThat(e.metric("r2")).isCloseTo(0.7215229704216488, within(EPS));
        assertThat(e.metric("mape")).isCloseTo(0.19142857142857142, within(EPS));
    }

    @Test
    void validate_requiresThresholdAndMarginOverBaseline() {
        List<MetricThreshold> thresholds = List.of(MetricThreshold.of("test_auc_roc", 0.7, 0.01, null),
                MetricThreshold.of("test_log_loss", 0.6, null, 0.05));
        ValidationResult pass = ModelValidator.validate(Map.of("test_auc_roc", 0.80, "test_log_loss", 0.40),
                Map.of("test_auc_roc", 0.78, "test_log_loss", 0.45), "champion", thresholds);
        assertThat(pass.passed()).isTrue();
        assertThat(pass.checks()).hasSize(4);

        ValidationResult tooSmallGain = ModelValidator.validate(Map.of("test_auc_roc", 0.785, "test_log_loss", 0.40),
                Map.of("test_auc_roc", 0.78, "test_log_loss", 0.45), "champion", thresholds);
        assertThat(tooSmallGain.passed()).isFalse();
        assertThat(tooSmallGain.failures()).extracting(ValidationResult.Check::criterion)
                .containsExactly("min_absolute_change");

        ValidationResult belowThreshold = ModelValidator.validate(Map.of("test_auc_roc", 0.65, "test_log_loss", 0.70),
                null, null, thresholds);
        assertThat(belowThreshold.failures()).extracting(ValidationResult.Check::criterion)
                .containsExactly("threshold", "threshold");
    }

    @Test
    void validate_withoutBaseline_appliesOnlyAbsoluteThresholds() {
        ValidationResult result = ModelValidator.validate(Map.of("test_rmse", 0.5), null, null,
                List.of(MetricThreshold.of("test_rmse", 0.6, 0.1, null)));
        assertThat(result.passed()).isTrue();
        assertThat(result.checks().get(1).message()).contains("no baseline");
    }

    @Test
    void validate_missingCandidateMetric_fails() {
        ValidationResult result = ModelValidator.validate(Map.of(), null, null,
                List.of(MetricThreshold.of("test_auc_roc", 0.6, null, null)));
        assertThat(result.passed()).isFalse();
        assertThat(result.failures().get(0).message()).contains("no value for 'test_auc_roc'");
    }
}
