package org.mlops4j.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlops4j.tracking.search.Filter.Operator.EQ;
import static org.mlops4j.tracking.search.Filter.Operator.GE;
import static org.mlops4j.tracking.search.Filter.Operator.GT;
import static org.mlops4j.tracking.search.Filter.Operator.ILIKE;
import static org.mlops4j.tracking.search.Filter.Operator.IN;
import static org.mlops4j.tracking.search.Filter.Operator.LE;
import static org.mlops4j.tracking.search.Filter.Operator.LIKE;
import static org.mlops4j.tracking.search.Filter.Operator.LT;
import static org.mlops4j.tracking.search.Filter.Operator.NE;
import static org.mlops4j.tracking.search.Filter.Operator.NOT_IN;
import static org.mlops4j.tracking.search.FilterFixtures.and;
import static org.mlops4j.tracking.search.FilterFixtures.attr;
import static org.mlops4j.tracking.search.FilterFixtures.attrIn;
import static org.mlops4j.tracking.search.FilterFixtures.dataset;
import static org.mlops4j.tracking.search.FilterFixtures.datasetIn;
import static org.mlops4j.tracking.search.FilterFixtures.metric;
import static org.mlops4j.tracking.search.FilterFixtures.or;
import static org.mlops4j.tracking.search.FilterFixtures.param;
import static org.mlops4j.tracking.search.FilterFixtures.tag;

import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchGrammarFilterTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void parseFilter_blankGivesEmpty(String filter) {
        assertThat(SearchGrammar.RUNS.parseFilter(filter)).isEmpty();
        assertThat(SearchGrammar.MODEL_VERSIONS.parseFilter(filter)).isEmpty();
    }

    static Stream<Arguments> runClauses() {
        return Stream.of(
                // metrics: every numeric operator, both entity spellings
                Arguments.of("metrics.rmse < 0.5", metric("rmse", LT, 0.5)),
                Arguments.of("metric.rmse <= 1", metric("rmse", LE, 1)),
                Arguments.of("metrics.acc > 0.9", metric("acc", GT, 0.9)),
                Arguments.of("metrics.acc >= 0", metric("acc", GE, 0)),
                Arguments.of("metrics.acc = 1", metric("acc", EQ, 1)),
                Arguments.of("metrics.acc != 1", metric("acc", NE, 1)),
                Arguments.of("metrics.acc>=-1", metric("acc", GE, -1)),
                Arguments.of("metrics.val/loss < 2", metric("val/loss", LT, 2)),
                Arguments.of("metrics.a-b:c_d.e < 2", metric("a-b:c_d.e", LT, 2)),
                // numbers
                Arguments.of("metrics.x > -1.5e3", metric("x", GT, -1500)),
                Arguments.of("metrics.x > 1E-2", metric("x", GT, 0.01)),
                Arguments.of("metrics.x > +2.5", metric("x", GT, 2.5)),
                Arguments.of("metrics.x > .5", metric("x", GT, 0.5)),
                Arguments.of("metrics.x > -.5", metric("x", GT, -0.5)),
                Arguments.of("metrics.x > 3.", metric("x", GT, 3)),
                Arguments.of("metrics.x > 12345678901234", metric("x", GT, 12345678901234d)),
                // params, every spelling and string operator
                Arguments.of("params.model = 'cnn'", param("model", EQ, "cnn")),
                Arguments.of("param.model != \"cnn\"", param("model", NE, "cnn")),
                Arguments.of("parameter.model LIKE 'c%'", param("model", LIKE, "c%")),
                Arguments.of("parameters.model ILIKE '%NN'", param("model", ILIKE, "%NN")),
                // tags; mlflow.runName stays a tag
                Arguments.of("tags.mlflow.runName = 'x'", tag("mlflow.runName", EQ, "x")),
                Arguments.of("tag.team LIKE 'ml-%'", tag("team", LIKE, "ml-%")),
                // quoted keys
                Arguments.of("metrics.\"my metric\" > 1", metric("my metric", GT, 1)),
                Arguments.of("params.`a b` = 'x'", param("a b", EQ, "x")),
                Arguments.of("tags.\"mlflow.runName\" = 'x'", tag("mlflow.runName", EQ, "x")),
                Arguments.of("tags.`it``s` = 'x'", tag("it`s", EQ, "x")),
                // attributes: prefixes, bare keys, aliases
                Arguments.of("attributes.status = 'FINISHED'", attr("status", EQ, "FINISHED")),
                Arguments.of("attribute.status != 'FAILED'", attr("status", NE, "FAILED")),
                Arguments.of("attr.run_name LIKE 'train%'", attr("run_name", LIKE, "train%")),
                Arguments.of("run.id = 'abc'", attr("run_id", EQ, "abc")),
                Arguments.of("attributes.run_uuid = 'abc'", attr("run_id", EQ, "abc")),
                Arguments.of("status = 'RUNNING'", attr("status", EQ, "RUNNING")),
                Arguments.of("user_id ILIKE 'BOB'", attr("user_id", ILIKE, "BOB")),
                Arguments.of("attributes.artifact_uri LIKE 's3://%'", attr("artifact_uri", LIKE, "s3://%")),
                Arguments.of("attributes.lifecycle_stage = 'active'", attr("lifecycle_stage", EQ, "active")),
                Arguments.of("attributes.`run name` = 'x'", attr("run_name", EQ, "x")),
                Arguments.of("attributes.Start_Time > 5", attr("start_time", GT, 5)),
                Arguments.of("start_time >= 1700000000000", attr("start_time", GE, 1700000000000d)),
                Arguments.of("attributes.created < 10", attr("start_time", LT, 10)),
                Arguments.of("end_time <= 3", attr("end_time", LE, 3)),
                Arguments.of("attributes.run_id IN ('a', 'b')", attrIn("run_id", IN, "a", "b")),
                Arguments.of("run_id NOT IN (\"a\")", attrIn("run_id", NOT_IN, "a")),
                Arguments.of("status not in ('FAILED','KILLED')", attrIn("status", NOT_IN, "FAILED", "KILLED")),
                // datasets
                Arguments.of("datasets.name = 'iris'", dataset("name", EQ, "iris")),
                Arguments.of("dataset.digest LIKE 'ab%'", dataset("digest", LIKE, "ab%")),
                Arguments.of("datasets.context IN ('train', 'eval')", datasetIn("context", IN, "train", "eval")),
                Arguments.of("datasets.name NOT IN ('x')", datasetIn("name", NOT_IN, "x")),
                // case-insensitive entities and keywords
                Arguments.of("METRICS.Acc > 1 and PARAMS.P like 'x' AnD Tags.T iLiKe 'y'",
                        and(metric("Acc", GT, 1), param("P", LIKE, "x"), tag("T", ILIKE, "y"))),
                // whitespace is optional around operators
                Arguments.of("params.p='a'AND metrics.m<1", and(param("p", EQ, "a"), metric("m", LT, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runClauses")
    void parseFilter_runClauseGivesExactAst(String filter, Filter expected) {
        assertThat(SearchGrammar.RUNS.parseFilter(filter)).contains(expected);
    }

    static Stream<Arguments> quoting() {
        return Stream.of(
                Arguments.of("params.p = 'it''s'", "it's"),
                Arguments.of("params.p = 'it\\'s'", "it's"),
                Arguments.of("params.p = \"say \"\"hi\"\"\"", "say \"hi\""),
                Arguments.of("params.p = \"say \\\"hi\\\"\"", "say \"hi\""),
                Arguments.of("params.p = 'a\\\\b'", "a\\b"),
                Arguments.of("params.p = 'a\\%b'", "a\\%b"),
                Arguments.of("params.p = \"it's\"", "it's"),
                Arguments.of("params.p = 'say \"hi\"'", "say \"hi\""),
                Arguments.of("params.p = ''", ""),
                Arguments.of("params.p = 'a AND b OR (c)'", "a AND b OR (c)"),
                Arguments.of("params.p = '100%'", "100%"),
                Arguments.of("params.p = 'ünïcødé ✓'", "ünïcødé ✓"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quoting")
    void parseFilter_stringValueIsUnquoted(String filter, String value) {
        assertThat(SearchGrammar.RUNS.parseFilter(filter)).contains(param("p", EQ, value));
    }

    static Stream<Arguments> combinations() {
        var a = metric("a", GT, 1);
        var b = metric("b", GT, 2);
        var c = metric("c", GT, 3);
        var d = metric("d", GT, 4);
        return Stream.of(
                Arguments.of("metrics.a > 1 AND metrics.b > 2", and(a, b)),
                Arguments.of("metrics.a > 1 OR metrics.b > 2", or(a, b)),
                Arguments.of("metrics.a > 1 AND metrics.b > 2 OR metrics.c > 3", or(and(a, b), c)),
                Arguments.of("metrics.a > 1 OR metrics.b > 2 AND metrics.c > 3", or(a, and(b, c))),
                Arguments.of("metrics.a > 1 OR metrics.b > 2 AND metrics.c > 3 OR metrics.d > 4", or(a, and(b, c), d)),
                Arguments.of("(metrics.a > 1 OR metrics.b > 2) AND metrics.c > 3", and(or(a, b), c)),
                Arguments.of("metrics.a > 1 AND (metrics.b > 2 OR metrics.c > 3)", and(a, or(b, c))),
                Arguments.of("(metrics.a > 1 OR metrics.b > 2) AND (metrics.c > 3 OR metrics.d > 4)",
                        and(or(a, b), or(c, d))),
                // flattening of same-type nesting
                Arguments.of("(metrics.a > 1 AND metrics.b > 2) AND metrics.c > 3", and(a, b, c)),
                Arguments.of("metrics.a > 1 AND (metrics.b > 2 AND (metrics.c > 3 AND metrics.d > 4))", and(a, b, c, d)),
                Arguments.of("(metrics.a > 1 OR metrics.b > 2) OR (metrics.c > 3 OR metrics.d > 4)", or(a, b, c, d)),
                Arguments.of("((metrics.a > 1 OR metrics.b > 2)) OR metrics.c > 3", or(a, b, c)),
                Arguments.of("(metrics.a > 1 AND metrics.b > 2) OR metrics.c > 3", or(and(a, b), c)),
                // redundant parentheses unwrap a single comparison
                Arguments.of("(metrics.a > 1)", a),
                Arguments.of("(((metrics.a > 1)))", a),
                Arguments.of("((metrics.a > 1)) AND ((metrics.b > 2))", and(a, b)),
                Arguments.of("metrics.a > 1 or metrics.b > 2", or(a, b)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void parseFilter_andBindsTighterThanOrAndNestingFlattens(String filter, Filter expected) {
        assertThat(SearchGrammar.RUNS.parseFilter(filter)).contains(expected);
    }

    @Test
    void parseFilter_singleComparisonIsNotWrapped() {
        assertThat(SearchGrammar.RUNS.parseFilter("metrics.a > 1")).get().isInstanceOf(Filter.Comparison.class);
    }

    static Stream<Arguments> experimentClauses() {
        return Stream.of(
                Arguments.of("name = 'exp'", attr("name", EQ, "exp")),
                Arguments.of("attribute.name LIKE 'e%'", attr("name", LIKE, "e%")),
                Arguments.of("attributes.name ILIKE 'E%'", attr("name", ILIKE, "E%")),
                Arguments.of("attr.name != 'x'", attr("name", NE, "x")),
                Arguments.of("creation_time > 100", attr("creation_time", GT, 100)),
                Arguments.of("attributes.last_update_time <= 5", attr("last_update_time", LE, 5)),
                Arguments.of("experiment_id = '3'", attr("experiment_id", EQ, "3")),
                Arguments.of("attribute.experiment_id IN ('1', '2')", attrIn("experiment_id", IN, "1", "2")),
                Arguments.of("tags.owner = 'me'", tag("owner", EQ, "me")),
                Arguments.of("name LIKE 'a%' OR tags.`k k` = 'v'", or(attr("name", LIKE, "a%"), tag("k k", EQ, "v"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experimentClauses")
    void parseFilter_experimentClauseGivesExactAst(String filter, Filter expected) {
        assertThat(SearchGrammar.EXPERIMENTS.parseFilter(filter)).contains(expected);
    }

    static Stream<Arguments> registeredModelClauses() {
        return Stream.of(
                Arguments.of("name = 'm'", attr("name", EQ, "m")),
                Arguments.of("attribute.name LIKE 'm%'", attr("name", LIKE, "m%")),
                Arguments.of("name ILIKE '%M%'", attr("name", ILIKE, "%M%")),
                Arguments.of("tags.stage = 'prod'", tag("stage", EQ, "prod")),
                Arguments.of("name != 'a' AND tags.t LIKE 'x'", and(attr("name", NE, "a"), tag("t", LIKE, "x"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredModelClauses")
    void parseFilter_registeredModelClauseGivesExactAst(String filter, Filter expected) {
        assertThat(SearchGrammar.REGISTERED_MODELS.parseFilter(filter)).contains(expected);
    }

    static Stream<Arguments> modelVersionClauses() {
        return Stream.of(
                Arguments.of("name = 'm'", attr("name", EQ, "m")),
                Arguments.of("attribute.name LIKE 'm%'", attr("name", LIKE, "m%")),
                Arguments.of("version_number >= 2", attr("version_number", GE, 2)),
                Arguments.of("attribute.version_number = 1", attr("version_number", EQ, 1)),
                Arguments.of("run_id = 'r1'", attr("run_id", EQ, "r1")),
                Arguments.of("run_id != 'r1'", attr("run_id", NE, "r1")),
                Arguments.of("run_id IN ('r1', 'r2')", attrIn("run_id", IN, "r1", "r2")),
                Arguments.of("run_id NOT IN ('r1')", attrIn("run_id", NOT_IN, "r1")),
                Arguments.of("source_path LIKE 's3://%'", attr("source_path", LIKE, "s3://%")),
                Arguments.of("tags.validated = 'true'", tag("validated", EQ, "true")),
                Arguments.of("name = 'm' AND (version_number > 3 OR tags.t = 'x')",
                        and(attr("name", EQ, "m"), or(attr("version_number", GT, 3), tag("t", EQ, "x")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelVersionClauses")
    void parseFilter_modelVersionClauseGivesExactAst(String filter, Filter expected) {
        assertThat(SearchGrammar.MODEL_VERSIONS.parseFilter(filter)).contains(expected);
    }

    @Test
    void parseFilter_acceptsHundredNestingLevels() {
        String filter = "(".repeat(FilterParser.MAX_DEPTH) + "metrics.a > 1" + ")".repeat(FilterParser.MAX_DEPTH);
        assertThat(SearchGrammar.RUNS.parseFilter(filter)).contains(metric("a", GT, 1));
    }

    @Test
    void parseFilter_longFlatChainsDoNotRecurse() {
        String filter = String.join(" AND ", Collections.nCopies(20_000, "metrics.a > 1"));
        assertThat(SearchGrammar.RUNS.parseFilter(filter)).get()
                .isInstanceOfSatisfying(Filter.And.class, and -> assertThat(and.operands()).hasSize(20_000));
    }

    @Test
    void parseFilter_grammarsAreIndependentAndReusable() {
        assertThat(SearchGrammar.RUNS.parseFilter("metrics.a > 1")).isEqualTo(SearchGrammar.RUNS.parseFilter("metrics.a > 1"));
        assertThat(SearchGrammar.EXPERIMENTS.parseFilter("name = 'x'")).contains(attr("name", EQ, "x"));
        assertThat(SearchGrammar.RUNS.parseFilter("run_name = 'x'")).contains(attr("run_name", EQ, "x"));
    }
}
