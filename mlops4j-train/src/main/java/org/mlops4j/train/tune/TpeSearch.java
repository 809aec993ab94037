package org.mlops4j.train.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen Estimator (Bergstra et al., "Algorithms for Hyper-Parameter Optimization",
 * 2011), independent per parameter, with Optuna's defaults where the paper leaves a choice: after
 * {@link #STARTUP_TRIALS} random trials, the finished trials are split into the best
 * {@code min(ceil(0.25 n), 25)} ("good") and the rest; each parameter's good and bad values become
 * densities l(x) and g(x) (truncated Gaussian kernels plus a flat prior for ranges, smoothed counts
 * for choices), {@link #CANDIDATES} candidates are drawn from l, and the one maximising l(x)/g(x) is
 * proposed.
 */
final class TpeSearch implements Tuner {
    static final int STARTUP_TRIALS = 5;
    static final int CANDIDATES = 24;
    private static final double GAMMA = 0.25;

    private final SearchSpace space;
    private final SplittableRandom random;
    private final boolean maximize;

    TpeSearch(SearchSpace space, long seed, boolean maximize) {
        this.space = space;
        this.random = new SplittableRandom(seed);
        this.maximize = maximize;
    }

    @Override
    public Map<String, Object> next(List<Trial> finished) {
        List<Trial> scored = new ArrayList<>(finished.stream().filter(t -> Double.isFinite(t.score())).toList());
        if (scored.size() < STARTUP_TRIALS) {
            return RandomSearch.sample(space, random);
        }
        Comparator<Trial> best = Comparator.comparingDouble(Trial::score);
        scored.sort(maximize ? best.reversed().thenComparingInt(Trial::number) : best.thenComparingInt(Trial::number));
        int good = Math.max(1, Math.min((int) Math.ceil(GAMMA * scored.size()), 25));
        List<Trial> goodTrials = scored.subList(0, good);
        List<Trial> badTrials = scored.subList(good, scored.size());
        Map<String, Object> params = new LinkedHashMap<>();
        space.domains().forEach((name, domain) -> params.put(name, switch (domain) {
            case ParamDomain.Choice c -> suggestChoice(name, c, goodTrials, badTrials);
            case ParamDomain.Range r -> suggestRange(name, r, goodTrials, badTrials);
        }));
        return params;
    }

    private Object suggestChoice(String name, ParamDomain.Choice choice, List<Trial> good, List<Trial> bad) {
        int k = choice.values().size();
        double[] l = choiceWeights(name, choice, good);
        double[] g = choiceWeights(name, choice, bad);
        int bestIndex = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < CANDIDATES; i++) {
            int candidate = draw(l);
            double score = Math.log(l[candidate]) - Math.log(g[candidate]);
            if (score > bestScore) {
                bestScore = score;
                bestIndex = candidate;
            }
        }
        return choice.values().get(bestIndex >= 0 ? bestIndex : random.nextInt(k));
    }

    /** Counts of each value among the trials plus one (the prior), normalised. */
    private static double[] choiceWeights(String name, ParamDomain.Choice choice, List<Trial> trials) {
        double[] w = new double[choice.values().size()];
        Arrays.fill(w, 1.0);
        for (Trial t : trials) {
            int i = indexOf(choice.values(), t.params().get(name));
            if (i >= 0) {
                w[i] += 1;
            }
        }
        double sum = Arrays.stream(w).sum();
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    private static int indexOf(List<Object> values, Object value) {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v.equals(value) || v instanceof Number a && value instanceof Number b && a.doubleValue() == b.doubleValue()) {
                return i;
            }
        }
        return -1;
    }

    private int draw(double[] weights) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            if (u < cumulative) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private Object suggestRange(String name, ParamDomain.Range range, List<Trial> good, List<Trial> bad) {
        double low = range.internalLow();
        double high = range.internalHigh();
        if (high - low == 0) {
            return range.fromInternal(low);
        }
        Parzen l = Parzen.of(observations(name, range, good), low, high);
        Parzen g = Parzen.of(observations(name, range, bad), low, high);
        double bestX = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < CANDIDATES; i++) {
            double x = l.sample(random);
            double score = l.logDensity(x) - g.logDensity(x);
            if (score > bestScore) {
                bestScore = score;
                bestX = x;
            }
        }
        return range.fromInternal(Double.isNaN(bestX) ? l.sample(random) : bestX);
    }

    private static double[] observations(String name, ParamDomain.Range range, List<Trial> trials) {
        return trials.stream().map(t -> t.params().get(name)).filter(v -> v instanceof Number)
                .mapToDouble(v -> range.toInternal(((Number) v).doubleValue())).toArray();
    }

    /** A mixture of Gaussians truncated to [low, high]: one per observation plus a wide prior at the middle. */
    record Parzen(double[] mus, double[] sigmas, double low, double high) {
        static Parzen of(double[] observations, double low, double high) {
            int n = observations.length + 1;
            double[] mus = new double[n];
            mus[0] = (low + high) / 2;
            System.arraycopy(observations, 0, mus, 1, observations.length);
            double[] sorted = mus.clone();
            Arrays.sort(sorted);
            double width = high - low;
            double minSigma = width / Math.min(100.0, n + 1);
            double[] sigmas = new double[n];
            sigmas[0] = width;
            for (int i = 1; i < n; i++) {
                int at = Arrays.binarySearch(sorted, mus[i]);
                double left = at > 0 ? mus[i] - sorted[at - 1] : mus[i] - low;
                double right = at < n - 1 ? sorted[at + 1] - mus[i] : high - mus[i];
                sigmas[i] = Math.max(minSigma, Math.min(width, Math.max(left, right)));
            }
            return new Parzen(mus, sigmas, low, high);
        }

        double sample(SplittableRandom random) {
            int k = random.nextInt(mus.length);
            for (int attempt = 0; attempt < 100; attempt++) {
                double x = mus[k] + sigmas[k] * gaussian(random);
                if (x >= low && x <= high) {
                    return x;
                }
            }
            return Math.max(low, Math.min(high, mus[k]));
        }

        double logDensity(double x) {
            double sum = 0;
            for (int i = 0; i < mus.length; i++) {
                double mass = phi((high - mus[i]) / sigmas[i]) - phi((low - mus[i]) / sigmas[i]);
                double z = (x - mus[i]) / sigmas[i];
                sum += Math.exp(-0.5 * z * z) / (sigmas[i] * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
            }
            return Math.log(sum / mus.length + 1e-300);
        }

        private static double gaussian(SplittableRandom random) {
            // Box-Muller: deterministic for the generator's sequence.
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }

        /** Standard normal CDF via erf (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
        static double phi(double z) {
            double x = Math.abs(z) / Math.sqrt(2);
            double t = 1 / (1 + 0.3275911 * x);
            double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                    + 0.254829592) * t * Math.exp(-x * x);
            return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
        }
    }
}
