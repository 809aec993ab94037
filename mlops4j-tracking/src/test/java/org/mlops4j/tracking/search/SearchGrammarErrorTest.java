package org.mlops4j.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;

class SearchGrammarErrorTest {

    private static MlopsException failure(SearchGrammar grammar, String filter) {
        MlopsException e = catchThrowableOfType(MlopsException.class, () -> grammar.parseFilter(filter));
        assertThat(e).as("parsing %s should fail", filter).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        return e;
    }

    /** Filter, then the exact problem and position reported after "Invalid filter '<filter>': ". */
    static Stream<Arguments> runErrors() {
        return Stream.of(
                // missing value / operator
                Arguments.of("metrics.x > ", "expected a value after '>' at position 12"),
                Arguments.of("metrics.x", "expected an operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN) "
                        + "after 'metrics.x' at position 9"),
                Arguments.of("metrics.x 1", "expected an operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN) "
                        + "after 'metrics.x' but found number 1 at position 10"),
                Arguments.of("params.`a b` 'x'", "expected an operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN) "
                        + "after 'params.`a b`' but found string 'x' at position 13"),
                Arguments.of("metrics.x == 1", "unknown operator '==' (valid: =, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN) "
                        + "at position 10"),
                Arguments.of("metrics.x <> 1", "unknown operator '<>' (valid: =, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN) "
                        + "at position 10"),
                // unknown entity / key
                Arguments.of("foo.bar = 'x'", "unknown entity 'foo' for run search "
                        + "(valid: metrics, params, tags, attributes, datasets) at position 0"),
                Arguments.of("attributes.foo = 'x'", "unknown attribute 'foo' for run search (valid: artifact_uri, "
                        + "end_time, lifecycle_stage, run_id, run_name, start_time, status, user_id) at position 0"),
                Arguments.of("foo = 'x'", "unknown attribute 'foo' for run search (valid: artifact_uri, "
                        + "end_time, lifecycle_stage, run_id, run_name, start_time, status, user_id) at position 0"),
                Arguments.of("datasets.size = 'x'", "unknown dataset field 'size' for run search "
                        + "(valid: context, digest, name) at position 0"),
                Arguments.of("metrics. > 1", "missing key after 'metrics.' at position 0"),
                Arguments.of("tags = 'x'", "missing key after 'tags' (write tags.<key>) at position 0"),
                Arguments.of("metrics.'a b' > 1",
                        "keys may be quoted with double quotes or backticks, not single quotes at position 8"),
                Arguments.of("metrics.\"\" > 1", "empty key in 'metrics.\"\"' at position 8"),
                // operator not allowed for the entity
                Arguments.of("metrics.a LIKE 'x'",
                        "operator 'LIKE' is not allowed for metric 'metrics.a' (allowed: =, !=, >, >=, <, <=) at position 10"),
                Arguments.of("params.p > 1",
                        "operator '>' is not allowed for param 'params.p' (allowed: =, !=, LIKE, ILIKE) at position 9"),
                Arguments.of("params.p IN ('a')",
                        "operator 'IN' is not allowed for param 'params.p' (allowed: =, !=, LIKE, ILIKE) at position 9"),
                Arguments.of("tags.t NOT IN ('a')",
                        "operator 'NOT IN' is not allowed for tag 'tags.t' (allowed: =, !=, LIKE, ILIKE) at position 7"),
                Arguments.of("start_time LIKE '1%'",
                        "operator 'LIKE' is not allowed for attribute 'start_time' (allowed: =, !=, >, >=, <, <=) "
                                + "at position 11"),
                Arguments.of("attributes.status < 'x'", "operator '<' is not allowed for attribute 'attributes.status' "
                        + "(allowed: =, !=, LIKE, ILIKE, IN, NOT IN) at position 18"),
                Arguments.of("metrics.a IN (1)",
                        "operator 'IN' is not allowed for metric 'metrics.a' (allowed: =, !=, >, >=, <, <=) at position 10"),
                Arguments.of("run_id NOT LIKE 'x'", "expected IN after 'NOT' but found 'LIKE' at position 11"),
                // value of the wrong kind
                Arguments.of("params.p = abc",
                        "param 'params.p' needs a quoted string value (e.g. 'abc') but found 'abc' at position 11"),
                Arguments.of("params.p = 1",
                        "param 'params.p' needs a quoted string value (e.g. 'abc') but found number 1 at position 11"),
                Arguments.of("params.p = `abc`",
                        "values must be quoted with single or double quotes, not backticks at position 11"),
                Arguments.of("metrics.m = 'abc'", "metric 'metrics.m' needs a numeric value but found string 'abc' at position 12"),
                Arguments.of("metrics.m = abc", "metric 'metrics.m' needs a numeric value but found 'abc' at position 12"),
                Arguments.of("start_time > '5'", "attribute 'start_time' needs a numeric value but found string '5' at position 13"),
                Arguments.of("status = 1", "attribute 'status' needs a quoted string value (e.g. 'abc') but found number 1 "
                        + "at position 9"),
                Arguments.of("metrics.m > 1.2.3", "invalid number '1.2.3' at position 12"),
                Arguments.of("metrics.m > 1e", "invalid number '1e' at position 12"),
                Arguments.of("metrics.m > 12abc", "invalid number '12abc' at position 12"),
                Arguments.of("metrics.m > 1e999", "number '1e999' is out of range at position 12"),
                // quotes
                Arguments.of("params.p = 'abc", "unterminated quoted string (missing closing ') at position 11"),
                Arguments.of("params.p = \"abc", "unterminated quoted string (missing closing \") at position 11"),
                Arguments.of("params.p = 'it\\'", "unterminated quoted string (missing closing ') at position 11"),
                Arguments.of("params.`abc = 'x'", "unterminated quoted key (missing closing `) at position 7"),
                // parentheses
                Arguments.of("(metrics.a > 1", "unbalanced parentheses: '(' is never closed at position 0"),
                Arguments.of("((metrics.a > 1)", "unbalanced parentheses: '(' is never closed at position 0"),
                Arguments.of("metrics.a > 1)", "unbalanced parentheses: ')' without a matching '(' at position 13"),
                Arguments.of("(metrics.a > 1))", "unbalanced parentheses: ')' without a matching '(' at position 15"),
                Arguments.of("()", "expected a comparison such as metrics.rmse < 0.5 after '(' but found ')' at position 1"),
                Arguments.of(")", "expected a comparison such as metrics.rmse < 0.5 but found ')' at position 0"),
                Arguments.of("(metrics.a > 1 x", "expected AND, OR or ')' after '1' but found 'x' at position 15"),
                // trailing garbage
                Arguments.of("metrics.a > 1 foo", "expected AND, OR or the end of the filter after '1' but found 'foo' "
                        + "at position 14"),
                Arguments.of("metrics.a > 1 metrics.b > 2", "expected AND, OR or the end of the filter after '1' "
                        + "but found 'metrics.b' at position 14"),
                Arguments.of("params.p = 'a' 'b'", "expected AND, OR or the end of the filter after ''a'' "
                        + "but found string 'b' at position 15"),
                Arguments.of("metrics.a > 1 ; DROP TABLE runs", "unexpected character ';' at position 14"),
                // dangling connectives
                Arguments.of("metrics.a > 1 AND", "expected a comparison such as metrics.rmse < 0.5 after 'AND' at position 17"),
                Arguments.of("metrics.a > 1 OR", "expected a comparison such as metrics.rmse < 0.5 after 'OR' at position 16"),
                Arguments.of("metrics.a > 1 AND OR metrics.b > 1",
                        "expected a comparison such as metrics.rmse < 0.5 after 'AND' but found 'OR' at position 18"),
                Arguments.of("AND metrics.a > 1", "expected a comparison such as metrics.rmse < 0.5 but found 'AND' at position 0"),
                Arguments.of("OR", "expected a comparison such as metrics.rmse < 0.5 but found 'OR' at position 0"),
                Arguments.of("metrics.a > 1 AND ()",
                        "expected a comparison such as metrics.rmse < 0.5 after '(' but found ')' at position 19"),
                // IN lists
                Arguments.of("attributes.run_id IN ()", "the IN list must not be empty at position 22"),
                Arguments.of("run_id NOT IN ()", "the NOT IN list must not be empty at position 15"),
                Arguments.of("run_id IN 'a'",
                        "expected '(' starting a list of quoted strings after 'IN' but found string 'a' at position 10"),
                Arguments.of("run_id IN", "expected '(' starting a list of quoted strings after 'IN' at position 9"),
                Arguments.of("run_id IN ('a',)", "expected a quoted string after ',' but found ')' at position 15"),
                Arguments.of("run_id IN ('a' 'b')", "expected ',' or ')' after ''a'' but found string 'b' at position 15"),
                Arguments.of("run_id IN ('a', 1)", "expected a quoted string after ',' but found number 1 at position 16"),
                Arguments.of("run_id IN (a)", "expected a quoted string after '(' but found 'a' at position 11"),
                Arguments.of("run_id IN ('a'", "unbalanced parentheses: the IN list is never closed at position 10"));
    }

    @ParameterizedTest(name = "<{0}>")
    @MethodSource("runErrors")
    void parseFilter_invalidRunFilterNamesProblemAndPosition(String filter, String problem) {
        assertThat(failure(SearchGrammar.RUNS, filter)).hasMessage("Invalid filter '" + filter + "': " + problem);
    }

    static Stream<Arguments> otherGrammarErrors() {
        return Stream.of(
                Arguments.of(SearchGrammar.EXPERIMENTS, "metrics.a > 1",
                        "unknown entity 'metrics' for experiment search (valid: attributes, tags) at position 0"),
                Arguments.of(SearchGrammar.EXPERIMENTS, "run.name = 'x'",
                        "unknown entity 'run' for experiment search (valid: attributes, tags) at position 0"),
                Arguments.of(SearchGrammar.EXPERIMENTS, "status = 'x'", "unknown attribute 'status' for experiment search "
                        + "(valid: creation_time, experiment_id, last_update_time, name) at position 0"),
                Arguments.of(SearchGrammar.EXPERIMENTS, "creation_time > 'x'",
                        "attribute 'creation_time' needs a numeric value but found string 'x' at position 16"),
                Arguments.of(SearchGrammar.EXPERIMENTS, "experiment_id LIKE '1%'", "operator 'LIKE' is not allowed for "
                        + "attribute 'experiment_id' (allowed: =, !=, IN, NOT IN) at position 14"),
                Arguments.of(SearchGrammar.EXPERIMENTS, "name IN ('a')", "operator 'IN' is not allowed for "
                        + "attribute 'name' (allowed: =, !=, LIKE, ILIKE) at position 5"),
                Arguments.of(SearchGrammar.REGISTERED_MODELS, "version_number > 1", "unknown attribute 'version_number' "
                        + "for registered model search (valid: name) at position 0"),
                Arguments.of(SearchGrammar.REGISTERED_MODELS, "params.p = 'x'",
                        "unknown entity 'params' for registered model search (valid: attributes, tags) at position 0"),
                Arguments.of(SearchGrammar.MODEL_VERSIONS, "run_id LIKE 'a%'", "operator 'LIKE' is not allowed for "
                        + "attribute 'run_id' (allowed: =, !=, IN, NOT IN) at position 7"),
                Arguments.of(SearchGrammar.MODEL_VERSIONS, "version_number = '1'",
                        "attribute 'version_number' needs a numeric value but found string '1' at position 17"),
                Arguments.of(SearchGrammar.MODEL_VERSIONS, "tags.t > 1", "operator '>' is not allowed for "
                        + "tag 'tags.t' (allowed: =, !=, LIKE, ILIKE) at position 7"),
                Arguments.of(SearchGrammar.MODEL_VERSIONS, "datasets.name = 'x'", "unknown entity 'datasets' "
                        + "for model version search (valid: attributes, tags) at position 0"));
    }

    @ParameterizedTest(name = "{0} <{1}>")
    @MethodSource("otherGrammarErrors")
    void parseFilter_invalidFilterForOtherGrammarsIsRejected(SearchGrammar grammar, String filter, String problem) {
        assertThat(failure(grammar, filter)).hasMessage("Invalid filter '" + filter + "': " + problem);
    }

    @Test
    void parseFilter_nestingDeeperThanLimitIsRejected() {
        int depth = FilterParser.MAX_DEPTH + 1;
        String filter = "(".repeat(depth) + "metrics.a > 1" + ")".repeat(depth);
        assertThat(failure(SearchGrammar.RUNS, filter).getMessage())
                .endsWith("parentheses nested deeper than 100 levels at position 100");
    }

    @Test
    void parseFilter_hugeNestingFailsCleanly() {
        String filter = "(".repeat(100_000);
        assertThat(failure(SearchGrammar.RUNS, filter).getMessage())
                .startsWith("Invalid filter '" + "(".repeat(200) + "...': ")
                .endsWith("parentheses nested deeper than 100 levels at position 100");
    }

    @Test
    void parseFilter_percentInFilterIsNotAFormatDirective() {
        assertThat(failure(SearchGrammar.RUNS, "params.p = '%s %d %n").getMessage())
                .isEqualTo("Invalid filter 'params.p = '%s %d %n': unterminated quoted string (missing closing ') "
                        + "at position 11");
    }

    @Test
    void parseFilter_longTokensAreShortenedInMessages() {
        String key = "k".repeat(100);
        assertThat(failure(SearchGrammar.RUNS, "metrics.a > 1 " + key).getMessage())
                .contains("but found '" + "k".repeat(40) + "...' at position 14");
    }
}
