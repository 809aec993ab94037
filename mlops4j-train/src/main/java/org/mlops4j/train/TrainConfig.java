package org.mlops4j.train;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mlops4j.core.MlopsException;
import org.mlops4j.train.algo.Algorithm;
import org.mlops4j.train.eval.Evaluator;
import org.mlops4j.train.eval.MetricThreshold;
import org.mlops4j.train.feature.FeatureSpec;
import org.mlops4j.train.tune.ParamDomain;
import org.mlops4j.train.tune.SearchMethod;
import org.mlops4j.train.tune.SearchSpace;

/**
 * Everything one training needs, checked on construction (an unknown algorithm, parameter or search
 * dimension, or impossible split fractions fail here, before any run starts). Read from train.yaml
 * by {@link TrainConfigReader}, or built in Java with {@link #of} and the {@code with...} methods.
 *
 * @param experiment    tracking experiment name (created if missing)
 * @param runName       run name, or null to generate one
 * @param seed          seeds the splits, the search and XGBoost
 * @param nthread       XGBoost threads (1 by default: models do not depend on the machine's cores)
 * @param output        a directory to also write the bundle to, or null
 * @param data          where the data is and which column is the label
 * @param task          the task, or null to infer it from the label
 * @param features      how to build features
 * @param split         validation and test fractions
 * @param algorithm     the algorithm and its parameters
 * @param search        a hyperparameter search, or null
 * @param cvFolds       k for k-fold cross-validation on the training rows (0: none)
 * @param thresholds    criteria the candidate must pass
 * @param baseline      the champion to beat, or null
 * @param baseDirectory relative data paths resolve against it (train.yaml's directory)
 */
public record TrainConfig(String experiment, String runName, long seed, int nthread, Path output, DataSpec data,
                          Task task, FeatureSpec features, SplitSpec split, AlgorithmSpec algorithm, SearchSpec search,
                          int cvFolds, List<MetricThreshold> thresholds, BaselineSpec baseline, Path baseDirectory) {

    public static final String DEFAULT_EXPERIMENT = "Default";

    /**
     * @param name          dataset name in tracking (default: the training file's name)
     * @param train         training data file
     * @param test          test data file, or null to split one off the training data
     * @param label         the label column
     * @param positiveClass binary only: the class of interest, or null
     */
    public record DataSpec(String name, String train, String test, String label, String positiveClass) {
        public DataSpec {
            if (train == null || train.isBlank()) {
                throw MlopsException.invalidParameter("data.train (the training data file) is required");
            }
            if (label == null || label.isBlank()) {
                throw MlopsException.invalidParameter("data.label (the label column) is required");
            }
            if (name == null || name.isBlank()) {
                name = Path.of(train).getFileName().toString();
            }
        }

        public static DataSpec of(String train, String label) {
            return new DataSpec(null, train, null, label, null);
        }
    }

    /** Fractions of the data for validation (early stopping, search) and test (ignored when a test file is given). */
    public record SplitSpec(double validation, double test, boolean stratify) {
        public SplitSpec {
            if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
                throw MlopsException.invalidParameter("split.validation (%s) and split.test (%s) must be >= 0 with a sum "
                        + "below 1", validation, test);
            }
        }

        public static SplitSpec defaults() {
            return new SplitSpec(0.2, 0.2, true);
        }
    }

    /** An algorithm with the parameters as given; {@link #resolved()} adds defaults (checked on construction). */
    public record AlgorithmSpec(Algorithm algorithm, Map<String, Object> params) {
        public AlgorithmSpec {
            params = Collections.unmodifiableMap(new TreeMap<>(params));
            algorithm.resolve(params);
        }

        public static AlgorithmSpec of(Algorithm algorithm, Map<String, ?> params) {
            return new AlgorithmSpec(algorithm, new TreeMap<>(params));
        }

        public Map<String, Object> resolved() {
            return algorithm.resolve(params);
        }

        /** The given parameters overridden by {@code overrides}, checked and with defaults. */
        public Map<String, Object> resolvedWith(Map<String, Object> overrides) {
            Map<String, Object> merged = new TreeMap<>();
            params.forEach((k, v) -> merged.put(algorithm.canonicalParam(k), v));
            overrides.forEach((k, v) -> merged.put(algorithm.canonicalParam(k), v));
            return algorithm.resolve(merged);
        }
    }

    /**
     * A hyperparameter search.
     *
     * @param trials   how many trials (a grid stops earlier when it has fewer combinations)
     * @param metric   the validation (or cross-validation) metric that picks the best trial, e.g. auc_roc
     * @param maximize whether larger is better; null to decide from the metric's name
     */
    public record SearchSpec(SearchMethod method, int trials, String metric, Boolean maximize, SearchSpace space) {
        public SearchSpec {
            if (trials < 1 || trials > 10_000) {
                throw MlopsException.invalidParameter("search.trials must be between 1 and 10000, got %d", trials);
            }
            if (metric == null || !(Evaluator.CLASSIFICATION_METRICS.contains(metric)
                    || Evaluator.REGRESSION_METRICS.contains(metric))) {
                throw MlopsException.invalidParameter("search.metric '%s' is not a metric (classification: %s; "
                        + "regression: %s)", metric, Evaluator.CLASSIFICATION_METRICS, Evaluator.REGRESSION_METRICS);
            }
            if (method == SearchMethod.GRID) {
                space.grid();
            }
        }

        public boolean maximizes() {
            return maximize != null ? maximize : Evaluator.greaterIsBetter(metric);
        }
    }

    /**
     * The model to beat: a bundle directory (evaluated on the same rows as the candidate) or its
     * metrics given as numbers (e.g. {@code test_auc_roc}).
     */
    public record BaselineSpec(String bundle, Map<String, Double> metrics) {
        public BaselineSpec {
            metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
            if ((bundle == null || bundle.isBlank()) == metrics.isEmpty()) {
                throw MlopsException.invalidParameter("baseline needs exactly one of bundle or metrics");
            }
        }
    }

    public TrainConfig {
        experiment = experiment == null || experiment.isBlank() ? DEFAULT_EXPERIMENT : experiment;
        features = features == null ? FeatureSpec.defaults() : features;
        split = split == null ? SplitSpec.defaults() : split;
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        baseDirectory = baseDirectory == null ? Path.of("") : baseDirectory;
        if (data == null || algorithm == null) {
            throw MlopsException.invalidParameter("data and algorithm are required");
        }
        if (nthread < 1 || nthread > 1024) {
            throw MlopsException.invalidParameter("nthread must be between 1 and 1024, got %d", nthread);
        }
        if (cvFolds < 0 || cvFolds == 1) {
            throw MlopsException.invalidParameter("cv.folds must be 0 (off) or at least 2, got %d", cvFolds);
        }
        if (task != null && !algorithm.algorithm().supports(task)) {
            throw MlopsException.invalidParameter("Algorithm %s cannot learn a %s task", algorithm.algorithm().wireName(),
                    task.wireName());
        }
        int earlyStopping = ((Number) algorithm.resolved().getOrDefault("early_stopping_rounds", 0)).intValue();
        if (earlyStopping > 0 && split.validation() == 0) {
            throw MlopsException.invalidParameter("algorithm.params.early_stopping_rounds needs validation rows: set "
                    + "split.validation above 0");
        }
        if (search != null) {
            if (split.validation() == 0 && cvFolds == 0) {
                throw MlopsException.invalidParameter("A search needs validation rows (split.validation > 0) or "
                        + "cross-validation (cv.folds >= 2) to score trials");
            }
            checkSpace(algorithm, search.space());
        }
    }

    private static void checkSpace(AlgorithmSpec algorithm, SearchSpace space) {
        Algorithm a = algorithm.algorithm();
        space.domains().forEach((name, domain) -> {
            String canonical = a.canonicalParam(name);
            var spec = a.params().stream().filter(p -> p.name().equals(canonical)).findFirst().orElseThrow();
            switch (domain) {
                case ParamDomain.Choice c -> c.values().forEach(v -> spec.parse(a.wireName(), v));
                case ParamDomain.Range r -> {
                    spec.parse(a.wireName(), r.integer() ? (Object) (long) r.low() : (Object) r.low());
                    spec.parse(a.wireName(), r.integer() ? (Object) (long) r.high() : (Object) r.high());
                }
            }
        });
    }

    /** A configuration with defaults for everything but the data and the algorithm. */
    public static TrainConfig of(DataSpec data, AlgorithmSpec algorithm) {
        return new TrainConfig(null, null, 42, 1, null, data, null, null, null, algorithm, null, 0, null, null, null);
    }

    public TrainConfig withExperiment(String value) {
        return new TrainConfig(value, runName, seed, nthread, output, data, task, features, split, algorithm, search,
                cvFolds, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withRunName(String value) {
        return new TrainConfig(experiment, value, seed, nthread, output, data, task, features, split, algorithm, search,
                cvFolds, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withSeed(long value) {
        return new TrainConfig(experiment, runName, value, nthread, output, data, task, features, split, algorithm,
                search, cvFolds, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withNthread(int value) {
        return new TrainConfig(experiment, runName, seed, value, output, data, task, features, split, algorithm, search,
                cvFolds, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withOutput(Path value) {
        return new TrainConfig(experiment, runName, seed, nthread, value, data, task, features, split, algorithm, search,
                cvFolds, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withTask(Task value) {
        return new TrainConfig(experiment, runName, seed, nthread, output, data, value, features, split, algorithm,
                search, cvFolds, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withFeatures(FeatureSpec value) {
        return new TrainConfig(experiment, runName, seed, nthread, output, data, task, value, split, algorithm, search,
                cvFolds, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withSplit(SplitSpec value) {
        return new TrainConfig(experiment, runName, seed, nthread, output, data, task, features, value, algorithm,
                search, cvFolds, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withAlgorithm(AlgorithmSpec value) {
        return new TrainConfig(experiment, runName, seed, nthread, output, data, task, features, split, value, search,
                cvFolds, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withSearch(SearchSpec value) {
        return new TrainConfig(experiment, runName, seed, nthread, output, data, task, features, split, algorithm, value,
                cvFolds, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withCvFolds(int value) {
        return new TrainConfig(experiment, runName, seed, nthread, output, data, task, features, split, algorithm,
                search, value, thresholds, baseline, baseDirectory);
    }

    public TrainConfig withThresholds(List<MetricThreshold> value, BaselineSpec baselineValue) {
        return new TrainConfig(experiment, runName, seed, nthread, output, data, task, features, split, algorithm,
                search, cvFolds, value, baselineValue, baseDirectory);
    }

    public TrainConfig withBaseDirectory(Path value) {
        return new TrainConfig(experiment, runName, seed, nthread, output, data, task, features, split, algorithm,
                search, cvFolds, thresholds, baseline, value);
    }

    /** A data path from the configuration, resolved against {@link #baseDirectory()}. */
    public Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : baseDirectory.resolve(p);
    }
}
