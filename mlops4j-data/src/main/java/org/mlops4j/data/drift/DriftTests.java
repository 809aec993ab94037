package org.mlops4j.data.drift;

import java.util.List;
import java.util.Locale;
import org.mlops4j.core.MlopsException;

/**
 * The catalogue of drift tests by name: {@code ks}, {@code chisquare}, {@code z},
 * {@code wasserstein}, {@code jensenshannon}, {@code psi}, {@code linf}. Immutable: a new test is a
 * new class listed here.
 */
public final class DriftTests {
    /** Evidently's number of bins for Jensen-Shannon and PSI on numeric columns. */
    public static final int DEFAULT_BINS = 30;

    private DriftTests() {
    }

    public static List<DriftTest> all() {
        return all(DEFAULT_BINS);
    }

    public static List<DriftTest> all(int bins) {
        return List.of(new KolmogorovSmirnov(), new ChiSquare(), new ZTest(), new Wasserstein(),
                new JensenShannon(bins, Double.NaN), new PopulationStabilityIndex(bins), new LInfinity());
    }

    public static DriftTest byName(String name) {
        return byName(name, DEFAULT_BINS);
    }

    /** The named test; INVALID_PARAMETER_VALUE listing the names when there is no such test. */
    public static DriftTest byName(String name, int bins) {
        String key = name.toLowerCase(Locale.ROOT);
        return all(bins).stream().filter(t -> t.name().equals(key)).findFirst()
                .orElseThrow(() -> MlopsException.invalidParameter("Unknown drift test '%s' (known: %s)", name,
                        all().stream().map(DriftTest::name).toList()));
    }
}
