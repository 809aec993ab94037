package org.mlops4j.data.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlops4j.data.TestData;

/**
 * The tests agree with SciPy to 1e-6 on the golden values of
 * {@code src/test/python/make_stat_fixtures.py} (SciPy 1.10, Debian's python3-scipy).
 */
class ScipyAgreementTest {
    private static final double TOLERANCE = 1e-6;
    private static final JsonNode FIXTURES = TestData.json("/fixtures/stat-fixtures.json");

    static Stream<Arguments> cases(String kind) {
        return Stream.iterate(0, i -> i < FIXTURES.get(kind).size(), i -> i + 1)
                .map(i -> Arguments.of(FIXTURES.get(kind).get(i).path("name").asText("#" + i), FIXTURES.get(kind).get(i)));
    }

    static Stream<Arguments> ks() {
        return cases("ks");
    }

    static Stream<Arguments> chisquare() {
        return cases("chisquare");
    }

    static Stream<Arguments> z() {
        return cases("z");
    }

    static Stream<Arguments> wasserstein() {
        return cases("wasserstein");
    }

    static Stream<Arguments> jensenshannon() {
        return cases("jensenshannon");
    }

    static Stream<Arguments> psi() {
        return cases("psi");
    }

    private static ColumnSample sample(JsonNode values, boolean numeric) {
        return numeric ? ColumnSample.numeric(TestData.doubles(values)) : ColumnSample.categorical(TestData.strings(values));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ks")
    void kolmogorovSmirnov_matchesScipyKs2samp(String name, JsonNode c) {
        double[] result = KolmogorovSmirnov.test(ColumnSample.numeric(TestData.doubles(c.get("x"))).sorted(),
                ColumnSample.numeric(TestData.doubles(c.get("y"))).sorted());
        assertThat(result[0]).isCloseTo(c.get("statistic").asDouble(), within(TOLERANCE));
        assertThat(result[1]).isCloseTo(c.get("pvalue").asDouble(), within(TOLERANCE));
        double score = new KolmogorovSmirnov().score(sample(c.get("x"), true), sample(c.get("y"), true));
        assertThat(score).isCloseTo(c.get("pvalue").asDouble(), within(TOLERANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chisquare")
    void chiSquare_matchesScipyChisquareOnEvidentlyCounts(String name, JsonNode c) {
        double[] result = ChiSquare.test(sample(c.get("reference"), false), sample(c.get("current"), false));
        assertThat(result[0]).isCloseTo(c.get("statistic").asDouble(), within(TOLERANCE));
        assertThat(result[1]).isCloseTo(c.get("pvalue").asDouble(), within(TOLERANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("z")
    void zTest_matchesEvidentlyFormulaWithScipyNorm(String name, JsonNode c) {
        double[] result = ZTest.test(sample(c.get("reference"), false), sample(c.get("current"), false));
        assertThat(result[0]).isCloseTo(c.get("statistic").asDouble(), within(TOLERANCE));
        assertThat(result[1]).isCloseTo(c.get("pvalue").asDouble(), within(TOLERANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wasserstein")
    void wasserstein_matchesScipyDistanceAndEvidentlyNorm(String name, JsonNode c) {
        ColumnSample u = sample(c.get("u"), true);
        ColumnSample v = sample(c.get("v"), true);
        assertThat(Wasserstein.distance(u.sorted(), v.sorted())).isCloseTo(c.get("distance").asDouble(), within(TOLERANCE));
        assertThat(new Wasserstein().score(u, v)).isCloseTo(c.get("normed").asDouble(), within(TOLERANCE));
    }

    @Test
    void jensenShannonDistance_matchesScipyOnProbabilityVectors() {
        for (JsonNode c : FIXTURES.get("jensenshannon_raw")) {
            double base = c.get("base").isNull() ? Double.NaN : c.get("base").asDouble();
            assertThat(JensenShannon.distance(TestData.doubles(c.get("p")), TestData.doubles(c.get("q")), base))
                    .as(c.toString()).isCloseTo(c.get("distance").asDouble(), within(TOLERANCE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jensenshannon")
    void jensenShannon_matchesScipyOnEvidentlyBinning(String name, JsonNode c) {
        boolean numeric = c.get("numeric").asBoolean();
        double score = DriftTests.byName("jensenshannon").score(sample(c.get("reference"), numeric),
                sample(c.get("current"), numeric));
        assertThat(score).isCloseTo(c.get("distance").asDouble(), within(TOLERANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("psi")
    void populationStabilityIndex_matchesEvidentlyBinningWithFilledZeroes(String name, JsonNode c) {
        boolean numeric = c.get("numeric").asBoolean();
        double score = DriftTests.byName("psi").score(sample(c.get("reference"), numeric),
                sample(c.get("current"), numeric));
        assertThat(score).isCloseTo(c.get("psi").asDouble(), within(TOLERANCE));
    }

    @Test
    void fixtures_comeFromTheCommittedGenerator() {
        assertThat(FIXTURES.get("generator").asText()).isEqualTo("mlops4j-data/src/test/python/make_stat_fixtures.py");
        assertThat(FIXTURES.get("ks").size()).isGreaterThanOrEqualTo(5);
    }
}
