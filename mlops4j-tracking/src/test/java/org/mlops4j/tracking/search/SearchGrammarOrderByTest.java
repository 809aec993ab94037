package org.mlops4j.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mlops4j.tracking.search.Filter.Entity.ATTRIBUTE;
import static org.mlops4j.tracking.search.Filter.Entity.METRIC;
import static org.mlops4j.tracking.search.Filter.Entity.PARAM;
import static org.mlops4j.tracking.search.Filter.Entity.TAG;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;

class SearchGrammarOrderByTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(SearchGrammar.RUNS, "metrics.rmse DESC", new OrderBy(METRIC, "rmse", false)),
                Arguments.of(SearchGrammar.RUNS, "metric.rmse", new OrderBy(METRIC, "rmse", true)),
                Arguments.of(SearchGrammar.RUNS, "metrics.`val loss` asc", new OrderBy(METRIC, "val loss", true)),
                Arguments.of(SearchGrammar.RUNS, "metrics.val/loss Desc", new OrderBy(METRIC, "val/loss", false)),
                Arguments.of(SearchGrammar.RUNS, "params.`a b` ASC", new OrderBy(PARAM, "a b", true)),
                Arguments.of(SearchGrammar.RUNS, "param.lr", new OrderBy(PARAM, "lr", true)),
                Arguments.of(SearchGrammar.RUNS, "tags.\"mlflow.runName\" DESC", new OrderBy(TAG, "mlflow.runName", false)),
                Arguments.of(SearchGrammar.RUNS, "tags.mlflow.runName", new OrderBy(TAG, "mlflow.runName", true)),
                Arguments.of(SearchGrammar.RUNS, "start_time", new OrderBy(ATTRIBUTE, "start_time", true)),
                Arguments.of(SearchGrammar.RUNS, "  start_time   DESC  ", new OrderBy(ATTRIBUTE, "start_time", false)),
                Arguments.of(SearchGrammar.RUNS, "attributes.start_time desc", new OrderBy(ATTRIBUTE, "start_time", false)),
                Arguments.of(SearchGrammar.RUNS, "attr.end_time", new OrderBy(ATTRIBUTE, "end_time", true)),
                Arguments.of(SearchGrammar.RUNS, "run.id", new OrderBy(ATTRIBUTE, "run_id", true)),
                Arguments.of(SearchGrammar.RUNS, "run_uuid DESC", new OrderBy(ATTRIBUTE, "run_id", false)),
                Arguments.of(SearchGrammar.RUNS, "created", new OrderBy(ATTRIBUTE, "start_time", true)),
                Arguments.of(SearchGrammar.RUNS, "attribute.run_name", new OrderBy(ATTRIBUTE, "run_name", true)),
                Arguments.of(SearchGrammar.RUNS, "status", new OrderBy(ATTRIBUTE, "status", true)),
                Arguments.of(SearchGrammar.RUNS, "user_id", new OrderBy(ATTRIBUTE, "user_id", true)),
                Arguments.of(SearchGrammar.RUNS, "artifact_uri", new OrderBy(ATTRIBUTE, "artifact_uri", true)),
                Arguments.of(SearchGrammar.RUNS, "lifecycle_stage", new OrderBy(ATTRIBUTE, "lifecycle_stage", true)),
                Arguments.of(SearchGrammar.EXPERIMENTS, "name", new OrderBy(ATTRIBUTE, "name", true)),
                Arguments.of(SearchGrammar.EXPERIMENTS, "experiment_id DESC", new OrderBy(ATTRIBUTE, "experiment_id", false)),
                Arguments.of(SearchGrammar.EXPERIMENTS, "attribute.creation_time DESC",
                        new OrderBy(ATTRIBUTE, "creation_time", false)),
                Arguments.of(SearchGrammar.EXPERIMENTS, "last_update_time", new OrderBy(ATTRIBUTE, "last_update_time", true)),
                Arguments.of(SearchGrammar.REGISTERED_MODELS, "name DESC", new OrderBy(ATTRIBUTE, "name", false)),
                Arguments.of(SearchGrammar.REGISTERED_MODELS, "timestamp DESC",
                        new OrderBy(ATTRIBUTE, "last_updated_timestamp", false)),
                Arguments.of(SearchGrammar.REGISTERED_MODELS, "last_updated_timestamp",
                        new OrderBy(ATTRIBUTE, "last_updated_timestamp", true)),
                Arguments.of(SearchGrammar.REGISTERED_MODELS, "creation_timestamp",
                        new OrderBy(ATTRIBUTE, "creation_timestamp", true)),
                Arguments.of(SearchGrammar.MODEL_VERSIONS, "version_number DESC",
                        new OrderBy(ATTRIBUTE, "version_number", false)),
                Arguments.of(SearchGrammar.MODEL_VERSIONS, "attributes.name", new OrderBy(ATTRIBUTE, "name", true)),
                Arguments.of(SearchGrammar.MODEL_VERSIONS, "creation_timestamp",
                        new OrderBy(ATTRIBUTE, "creation_timestamp", true)),
                Arguments.of(SearchGrammar.MODEL_VERSIONS, "last_updated_timestamp ASC",
                        new OrderBy(ATTRIBUTE, "last_updated_timestamp", true)));
    }

    @ParameterizedTest(name = "{0} <{1}>")
    @MethodSource("accepted")
    void parseOrderBy_validClauseGivesCanonicalKey(SearchGrammar grammar, String clause, OrderBy expected) {
        assertThat(grammar.parseOrderBy(clause)).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of(SearchGrammar.RUNS, "metrics.rmse DOWN",
                        "unknown sort direction 'DOWN' (valid: ASC, DESC) at position 13"),
                Arguments.of(SearchGrammar.RUNS, "metrics.rmse DESC extra",
                        "expected the end of the clause after 'DESC' but found 'extra' at position 18"),
                Arguments.of(SearchGrammar.RUNS, "metrics.rmse > 1",
                        "expected ASC, DESC or the end of the clause after 'metrics.rmse' but found '>' at position 13"),
                Arguments.of(SearchGrammar.RUNS, "", "expected a sort key such as metrics.rmse at position 0"),
                Arguments.of(SearchGrammar.RUNS, "   ", "expected a sort key such as metrics.rmse at position 3"),
                Arguments.of(SearchGrammar.RUNS, "DESC", "expected a sort key such as metrics.rmse but found 'DESC' at position 0"),
                Arguments.of(SearchGrammar.RUNS, "'start_time'",
                        "expected a sort key such as metrics.rmse but found string 'start_time' at position 0"),
                Arguments.of(SearchGrammar.RUNS, "datasets.name",
                        "unknown entity 'datasets' for run order_by (valid: metrics, params, tags, attributes) at position 0"),
                Arguments.of(SearchGrammar.RUNS, "foo", "unknown attribute 'foo' for run order_by (valid: artifact_uri, "
                        + "end_time, lifecycle_stage, run_id, run_name, start_time, status, user_id) at position 0"),
                Arguments.of(SearchGrammar.RUNS, "metrics.", "missing key after 'metrics.' at position 0"),
                Arguments.of(SearchGrammar.RUNS, "metrics.`rmse", "unterminated quoted key (missing closing `) at position 8"),
                Arguments.of(SearchGrammar.EXPERIMENTS, "tags.t", "unknown entity 'tags' for experiment order_by "
                        + "(valid: attributes) at position 0"),
                Arguments.of(SearchGrammar.EXPERIMENTS, "start_time", "unknown attribute 'start_time' for experiment "
                        + "order_by (valid: creation_time, experiment_id, last_update_time, name) at position 0"),
                Arguments.of(SearchGrammar.REGISTERED_MODELS, "version_number", "unknown attribute 'version_number' "
                        + "for registered model order_by (valid: creation_timestamp, last_updated_timestamp, name) "
                        + "at position 0"),
                Arguments.of(SearchGrammar.MODEL_VERSIONS, "run_id", "unknown attribute 'run_id' for model version "
                        + "order_by (valid: creation_timestamp, last_updated_timestamp, name, version_number) at position 0"));
    }

    @ParameterizedTest(name = "{0} <{1}>")
    @MethodSource("rejected")
    void parseOrderBy_invalidClauseIsRejected(SearchGrammar grammar, String clause, String problem) {
        MlopsException e = catchThrowableOfType(MlopsException.class, () -> grammar.parseOrderBy(clause));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(e).hasMessage("Invalid order_by clause '" + clause + "': " + problem);
    }

    @Test
    void parseOrderBy_nullIsRejected() {
        MlopsException e = catchThrowableOfType(MlopsException.class, () -> SearchGrammar.RUNS.parseOrderBy(null));
        assertThat(e).hasMessage("Invalid order_by clause '': expected a sort key such as metrics.rmse at position 0");
    }
}
