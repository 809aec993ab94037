package org.mlops4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.train.algo.Algorithm;
import org.mlops4j.train.feature.FeatureSpec;
import org.mlops4j.train.tune.ParamDomain;
import org.mlops4j.train.tune.SearchMethod;

class TrainConfigReaderTest {
    private static final Path EXAMPLE = TestData.ROOT.getParent().resolve("examples/credit-risk/train.yaml");
    private static final String MINIMAL = """
            data: {train: d.csv, label: y}
            algorithm: {name: xgboost}
            """;

    @Test
    void read_example_givesTheConfiguredSearch() {
        TrainConfig config = TrainConfigReader.read(EXAMPLE);
        assertThat(config.experiment()).isEqualTo("credit-risk");
        assertThat(config.algorithm().algorithm()).isEqualTo(Algorithm.XGBOOST);
        assertThat(config.algorithm().resolved()).containsEntry("num_rounds", 300).containsEntry("early_stopping_rounds", 20);
        assertThat(config.search().method()).isEqualTo(SearchMethod.TPE);
        assertThat(config.search().space().domains()).containsOnlyKeys("max_depth", "eta", "subsample");
        assertThat(config.search().space().domains().get("eta")).isEqualTo(new ParamDomain.Range(0.02, 0.3, false, true));
        assertThat(config.thresholds()).singleElement().satisfies(t -> {
            assertThat(t.metric()).isEqualTo("validation_auc_roc");
            assertThat(t.threshold()).isEqualTo(0.75);
            assertThat(t.greaterIsBetter()).isTrue();
        });
        assertThat(config.resolve(config.data().train()).normalize()).isEqualTo(TestData.CREDIT_TRAIN.normalize());
        assertThat(config.resolve(config.data().train())).exists();
    }

    @Test
    void parse_minimal_fillsDefaults() {
        TrainConfig config = TrainConfigReader.parse(MINIMAL, Path.of("/base"));
        assertThat(config.experiment()).isEqualTo("Default");
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.nthread()).isEqualTo(1);
        assertThat(config.split()).isEqualTo(TrainConfig.SplitSpec.defaults());
        assertThat(config.features()).isEqualTo(FeatureSpec.defaults());
        assertThat(config.data().name()).isEqualTo("d.csv");
        assertThat(config.resolve("d.csv")).isEqualTo(Path.of("/base/d.csv"));
    }

    private static MlopsException failure(String yaml) {
        try {
            TrainConfigReader.parse(yaml, Path.of("."));
        } catch (MlopsException e) {
            return e;
        }
        throw new AssertionError("expected the configuration to be rejected");
    }

    @Test
    void parse_unknownKey_namesItsPathAndTheKnownKeys() {
        MlopsException e = failure(MINIMAL.replace("{name: xgboost}", "{name: xgboost, parms: {}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(e.getMessage()).isEqualTo("train.yaml: unknown key 'algorithm.parms' (known here: name, params)");
        assertThat(failure(MINIMAL + "seeed: 1\n").getMessage()).contains("unknown key 'seeed'");
    }

    @Test
    void parse_badValues_areNamed() {
        assertThat(failure(MINIMAL + "seed: abc\n").getMessage()).contains("seed must be a number");
        assertThat(failure(MINIMAL.replace("{name: xgboost}", "{name: xgboost, params: {max_dept: 3}}")).getMessage())
                .contains("Unknown parameter 'max_dept' for algorithm xgboost");
        assertThat(failure(MINIMAL.replace("xgboost", "catboost")).getMessage()).contains("Unknown algorithm 'catboost'");
        assertThat(failure(MINIMAL + "features: {categorical: {encoding: hash}}\n").getMessage())
                .contains("features.categorical.encoding must be one of [one_hot, ordinal], got 'hash'");
        assertThat(failure(MINIMAL + "split: {validation: 0.6, test: 0.5}\n").getMessage())
                .contains("split.validation (0.6) and split.test (0.5)");
        assertThat(failure("algorithm: {name: xgboost}\n").getMessage()).contains("data is required");
        assertThat(failure(MINIMAL + "search: {method: bayes, metric: auc_roc, space: {eta: [0.1]}}\n").getMessage())
                .contains("Unknown search method 'bayes'");
        assertThat(failure(MINIMAL + "search: {method: grid, metric: accuracy, space: {eta: {low: 0.1, high: 0.2}}}\n")
                .getMessage()).contains("Grid search needs a list of values for 'eta'");
    }

    @Test
    void read_missingFile_isNotFound() {
        assertThatThrownBy(() -> TrainConfigReader.read(Path.of("no-such-train.yaml")))
                .isInstanceOf(MlopsException.class).extracting(e -> ((MlopsException) e).code())
                .isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }
}
