package org.mlops4j.train.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class TunerTest {
    private static final SearchSpace SPACE = new SearchSpace(Map.of(
            "x", new ParamDomain.Range(0, 1, false, false),
            "depth", new ParamDomain.Range(1, 10, true, false),
            "kind", new ParamDomain.Choice(List.of("a", "b", "c"))));

    /** Minimum is at x = 0.3, depth = 7, kind = b. */
    private static final ToDoubleFunction<Map<String, Object>> OBJECTIVE = p -> {
        double x = ((Number) p.get("x")).doubleValue();
        int depth = (Integer) p.get("depth");
        return (x - 0.3) * (x - 0.3) + 0.01 * (depth - 7) * (depth - 7) + (p.get("kind").equals("b") ? 0 : 0.2);
    };

    private static List<Trial> run(Tuner tuner, int n) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = tuner.next(trials);
            if (p == null) {
                break;
            }
            trials.add(new Trial(i, p, OBJECTIVE.applyAsDouble(p), Map.of(), null));
        }
        return trials;
    }

    private static double best(List<Trial> trials) {
        return trials.stream().mapToDouble(Trial::score).min().orElseThrow();
    }

    @Test
    void grid_enumeratesEveryCombinationThenStops() {
        SearchSpace grid = new SearchSpace(Map.of("a", new ParamDomain.Choice(List.of(1, 2, 3)),
                "b", new ParamDomain.Choice(List.of("x", "y"))));
        Tuner tuner = Tuner.create(SearchMethod.GRID, grid, 0, false);
        List<Trial> trials = new ArrayList<>();
        for (Map<String, Object> p = tuner.next(trials); p != null; p = tuner.next(trials)) {
            trials.add(new Trial(trials.size(), p, 0, Map.of(), null));
        }
        assertThat(trials).hasSize(6);
        assertThat(trials).extracting(t -> t.params().get("a") + "" + t.params().get("b"))
                .containsExactly("1x", "1y", "2x", "2y", "3x", "3y");
    }

    @Test
    void grid_overARange_isRejected() {
        assertThatThrownBy(() -> Tuner.create(SearchMethod.GRID, SPACE, 0, false))
                .hasMessageContaining("Grid search needs a list of values for 'depth'");
    }

    @Test
    void random_isDeterministicPerSeedAndStaysInTheDomain() {
        List<Trial> a = run(Tuner.create(SearchMethod.RANDOM, SPACE, 5, false), 50);
        List<Trial> b = run(Tuner.create(SearchMethod.RANDOM, SPACE, 5, false), 50);
        assertThat(a).extracting(Trial::params).isEqualTo(b.stream().map(Trial::params).toList());
        assertThat(a).allSatisfy(t -> {
            assertThat(((Number) t.params().get("x")).doubleValue()).isBetween(0.0, 1.0);
            assertThat((Integer) t.params().get("depth")).isBetween(1, 10);
        });
        assertThat(a).extracting(t -> t.params().get("depth")).contains(1, 10);
    }

    @Test
    void tpe_findsBetterPointsThanRandomWithTheSameBudget() {
        double tpeTotal = 0;
        double randomTotal = 0;
        for (long seed = 1; seed <= 5; seed++) {
            tpeTotal += best(run(Tuner.create(SearchMethod.TPE, SPACE, seed, false), 40));
            randomTotal += best(run(Tuner.create(SearchMethod.RANDOM, SPACE, seed, false), 40));
        }
        assertThat(tpeTotal).isLessThan(randomTotal * 0.75);
    }

    @Test
    void tpe_maximizingNegatedScores_proposesWhatMinimizingProposes() {
        Tuner minimizing = Tuner.create(SearchMethod.TPE, SPACE, 3, false);
        Tuner maximizing = Tuner.create(SearchMethod.TPE, SPACE, 3, true);
        List<Trial> low = new ArrayList<>();
        List<Trial> high = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Map<String, Object> a = minimizing.next(low);
            Map<String, Object> b = maximizing.next(high);
            assertThat(b).isEqualTo(a);
            low.add(new Trial(i, a, OBJECTIVE.applyAsDouble(a), Map.of(), null));
            high.add(new Trial(i, b, -OBJECTIVE.applyAsDouble(b), Map.of(), null));
        }
    }

    @Test
    void tpe_oneDimension_concentratesNearTheOptimum() {
        SearchSpace line = new SearchSpace(Map.of("x", new ParamDomain.Range(0, 1, false, false)));
        Tuner tuner = Tuner.create(SearchMethod.TPE, line, 3, false);
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, Object> p = tuner.next(trials);
            double x = ((Number) p.get("x")).doubleValue();
            trials.add(new Trial(i, p, (x - 0.3) * (x - 0.3), Map.of(), null));
        }
        long near = trials.subList(20, 40).stream()
                .filter(t -> Math.abs(((Number) t.params().get("x")).doubleValue() - 0.3) < 0.05).count();
        assertThat(near).isGreaterThanOrEqualTo(12);
    }
}
