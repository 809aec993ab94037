package org.mlops4j.train.algo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.mlops4j.core.MlopsException;
import org.mlops4j.train.Task;

/**
 * The algorithms the platform trains, with their parameters. Names in configuration are the
 * lower-case names ({@code xgboost}, {@code random_forest}, {@code logistic_regression},
 * {@code elastic_net}) or an alias.
 */
public enum Algorithm {
    /** Gradient-boosted trees (XGBoost, {@code tree_method=hist}). */
    XGBOOST("xgboost", List.of("gbt", "gradient_boosted_trees"), false, true, List.of(
            ParamSpec.integer("num_rounds", 100, 1, 100_000, "boosting rounds", "n_estimators", "num_boost_round"),
            ParamSpec.real("eta", 0.3, 0, false, 1, "learning rate", "learning_rate"),
            ParamSpec.integer("max_depth", 6, 0, 64, "maximum tree depth (0: no limit)"),
            ParamSpec.real("min_child_weight", 1.0, 0, true, Double.MAX_VALUE, "minimum hessian in a leaf"),
            ParamSpec.real("subsample", 1.0, 0, false, 1, "row fraction per tree"),
            ParamSpec.real("colsample_bytree", 1.0, 0, false, 1, "feature fraction per tree"),
            ParamSpec.real("colsample_bynode", 1.0, 0, false, 1, "feature fraction per split"),
            ParamSpec.real("gamma", 0.0, 0, true, Double.MAX_VALUE, "minimum loss reduction to split", "min_split_loss"),
            ParamSpec.real("lambda", 1.0, 0, true, Double.MAX_VALUE, "L2 regularisation of leaf weights", "reg_lambda"),
            ParamSpec.real("alpha", 0.0, 0, true, Double.MAX_VALUE, "L1 regularisation of leaf weights", "reg_alpha"),
            ParamSpec.integer("max_bin", 256, 2, 65_536, "histogram bins per feature"),
            ParamSpec.real("scale_pos_weight", 1.0, 0, false, Double.MAX_VALUE, "weight of positive examples (binary)"),
            ParamSpec.real("max_delta_step", 0.0, 0, true, Double.MAX_VALUE, "maximum leaf step (0: none)"),
            ParamSpec.real("base_score", null, -Double.MAX_VALUE, true, Double.MAX_VALUE,
                    "initial prediction (default: estimated by XGBoost)"),
            ParamSpec.integer("early_stopping_rounds", 0, 0, 100_000,
                    "stop when the validation loss has not improved for this many rounds (0: off)"))),
    /** A random forest: XGBoost with one round of {@code num_parallel_tree} trees, row and feature subsampling. */
    RANDOM_FOREST("random_forest", List.of("rf"), false, true, List.of(
            ParamSpec.integer("num_trees", 100, 1, 100_000, "trees in the forest", "n_estimators", "num_parallel_tree"),
            ParamSpec.integer("max_depth", 6, 0, 64, "maximum tree depth (0: no limit)"),
            ParamSpec.real("min_child_weight", 1.0, 0, true, Double.MAX_VALUE, "minimum hessian in a leaf"),
            ParamSpec.real("subsample", 0.8, 0, false, 1, "row fraction per tree (bootstrap without replacement)"),
            ParamSpec.real("colsample_bynode", 0.8, 0, false, 1, "feature fraction per split"),
            ParamSpec.real("lambda", 1e-5, 0, true, Double.MAX_VALUE, "L2 regularisation of leaf weights", "reg_lambda"),
            ParamSpec.integer("max_bin", 256, 2, 65_536, "histogram bins per feature"))),
    /**
     * Logistic regression with scikit-learn's parameterisation: minimises
     * {@code C * sum(log loss) + penalty(w)}, fitted by coordinate descent (XGBoost gblinear).
     */
    LOGISTIC_REGRESSION("logistic_regression", List.of("logistic"), true, true, List.of(
            ParamSpec.real("C", 1.0, 0, false, Double.MAX_VALUE, "inverse regularisation strength", "c"),
            ParamSpec.choice("penalty", "l2", List.of("l2", "l1", "elasticnet", "none"), "regularisation"),
            ParamSpec.real("l1_ratio", 0.5, 0, true, 1, "L1 share of an elasticnet penalty"),
            ParamSpec.integer("max_iter", 200, 1, 100_000, "coordinate-descent passes", "num_rounds"),
            ParamSpec.real("eta", 0.5, 0, false, 1, "step size of each coordinate update", "learning_rate"),
            ParamSpec.real("tol", 0.0, 0, true, Double.MAX_VALUE,
                    "stop updating once the largest coefficient change is below this", "tolerance"),
            ParamSpec.integer("early_stopping_rounds", 0, 0, 100_000,
                    "stop when the validation loss has not improved for this many rounds (0: off)"))),
    /**
     * Linear regression with an elastic-net penalty, scikit-learn's ElasticNet parameterisation:
     * minimises {@code 1/(2n) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1 + alpha * (1 - l1_ratio) / 2 * ||w||^2}
     * (alpha 0 is ordinary least squares), fitted by coordinate descent (XGBoost gblinear).
     */
    ELASTIC_NET("elastic_net", List.of("linear_regression", "linear"), true, false, List.of(
            ParamSpec.real("alpha", 1.0, 0, true, Double.MAX_VALUE, "penalty strength (0: least squares)"),
            ParamSpec.real("l1_ratio", 0.5, 0, true, 1, "L1 share of the penalty"),
            ParamSpec.integer("max_iter", 200, 1, 100_000, "coordinate-descent passes", "num_rounds"),
            ParamSpec.real("eta", 0.5, 0, false, 1, "step size of each coordinate update", "learning_rate"),
            ParamSpec.real("tol", 0.0, 0, true, Double.MAX_VALUE,
                    "stop updating once the largest coefficient change is below this", "tolerance"),
            ParamSpec.integer("early_stopping_rounds", 0, 0, 100_000,
                    "stop when the validation loss has not improved for this many rounds (0: off)")));

    private final String wireName;
    private final List<String> aliases;
    private final boolean linear;
    private final boolean classification;
    private final Map<String, ParamSpec> params = new LinkedHashMap<>();
    private final Map<String, String> paramAliases = new TreeMap<>();

    Algorithm(String wireName, List<String> aliases, boolean linear, boolean classification, List<ParamSpec> params) {
        this.wireName = wireName;
        this.aliases = aliases;
        this.linear = linear;
        this.classification = classification;
        for (ParamSpec p : params) {
            this.params.put(p.name(), p);
            p.aliases().forEach(a -> paramAliases.put(a, p.name()));
        }
    }

    public String wireName() {
        return wireName;
    }

    /** Linear models get standardised, imputed features by default and are stored as coefficients. */
    public boolean isLinear() {
        return linear;
    }

    public List<ParamSpec> params() {
        return List.copyOf(params.values());
    }

    /** Whether this algorithm can learn the task (logistic regression classifies, elastic net regresses). */
    public boolean supports(Task task) {
        if (this == LOGISTIC_REGRESSION) {
            return task.isClassification();
        }
        if (this == ELASTIC_NET) {
            return task == Task.REGRESSION;
        }
        return true;
    }

    /** Whether this algorithm can be used for classification at all (decides the task of a numeric label). */
    boolean classifies() {
        return classification;
    }

    public static Algorithm parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Algorithm a : values()) {
            if (a.wireName.equals(key) || a.aliases.contains(key)) {
                return a;
            }
        }
        throw MlopsException.invalidParameter("Unknown algorithm '%s' (known: %s)", name,
                Arrays.stream(values()).map(Algorithm::wireName).toList());
    }

    /** The canonical name of a parameter given by name or alias; INVALID_PARAMETER_VALUE when unknown. */
    public String canonicalParam(String name) {
        if (params.containsKey(name)) {
            return name;
        }
        String canonical = paramAliases.get(name);
        if (canonical == null) {
            throw MlopsException.invalidParameter("Unknown parameter '%s' for algorithm %s (known: %s)", name, wireName,
                    new ArrayList<>(params.keySet()));
        }
        return canonical;
    }

    /**
     * Checks parameters and fills in defaults: every known parameter with a value, sorted by name
     * (parameters whose default is "XGBoost decides" appear only when given).
     */
    public Map<String, Object> resolve(Map<String, ?> given) {
        Map<String, Object> resolved = new TreeMap<>();
        for (ParamSpec p : params.values()) {
            if (p.defaultValue() != null) {
                resolved.put(p.name(), p.defaultValue());
            }
        }
        Map<String, String> seen = new TreeMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            String canonical = canonicalParam(e.getKey());
            String before = seen.put(canonical, e.getKey());
            if (before != null) {
                throw MlopsException.invalidParameter("Parameter '%s' of algorithm %s is given twice (as '%s' and '%s')",
                        canonical, wireName, before, e.getKey());
            }
            resolved.put(canonical, params.get(canonical).parse(wireName, e.getValue()));
        }
        return resolved;
    }
}
