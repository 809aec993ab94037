package org.mlops4j.train.algo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.mlops4j.train.Task;
import org.mlops4j.train.feature.FeatureMatrix;
import org.mlops4j.train.predict.LinearModel;
import org.mlops4j.train.predict.MarginModel;

/**
 * Trains every algorithm through XGBoost4J. Translates the platform's parameters into XGBoost's,
 * records the loss per round, cuts an early-stopped model back to its best round (by training that
 * many rounds again: training is deterministic for a seed), and checks the pure-Java evaluator
 * against XGBoost's own predictions before returning. Stateless and thread-safe.
 */
public final class XgboostTrainer {
    /** Rows compared between the pure-Java evaluator and XGBoost after every training. */
    static final int CHECK_ROWS = 64;
    private static final double CHECK_TOLERANCE = 1e-5;

    private XgboostTrainer() {
    }

    /** The XGBoost4J version in use (for lineage). */
    public static String libraryVersion() {
        String version = XGBoost.class.getPackage().getImplementationVersion();
        return version != null ? version : "3.4.0";
    }

    /**
     * Trains {@code algorithm} with resolved {@code params} (see {@link Algorithm#resolve}).
     *
     * @throws MlopsException INVALID_PARAMETER_VALUE when the algorithm does not fit the task or early
     *                        stopping lacks validation rows; INTERNAL_ERROR when XGBoost fails
     */
    public static TrainedModel train(Algorithm algorithm, Map<String, Object> params, TrainingData data) {
        if (!algorithm.supports(data.task())) {
            throw MlopsException.invalidParameter("Algorithm %s cannot learn a %s task", algorithm.wireName(),
                    data.task().wireName());
        }
        int earlyStopping = ((Number) params.getOrDefault("early_stopping_rounds", 0)).intValue();
        if (earlyStopping > 0 && data.validation() == null) {
            throw MlopsException.invalidParameter("early_stopping_rounds needs validation rows: set split.validation "
                    + "above 0");
        }
        Map<String, Object> xgb = xgboostParams(algorithm, params, data);
        int rounds = rounds(algorithm, params);
        String lossName = lossName(data.task());
        DMatrix train = null;
        DMatrix validation = null;
        Booster booster = null;
        try {
            train = matrix(data.train(), data.trainLabels());
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            watches.put("train", train);
            if (data.validation() != null) {
                validation = matrix(data.validation(), data.validationLabels());
                watches.put("validation", validation);
            }
            float[][] history = new float[watches.size()][rounds];
            booster = XGBoost.train(train, xgb, rounds, watches, history, null, null, earlyStopping);
            int trained = booster.getNumBoostedRound();
            int best = trained - 1;
            if (earlyStopping > 0) {
                String attr = booster.getAttr("best_iteration");
                best = attr != null ? Integer.parseInt(attr) : best;
                if (best + 1 < trained) {
                    booster.dispose();
                    booster = XGBoost.train(train, xgb, best + 1, new HashMap<>(), null, null);
                }
            }
            double[] trainLoss = toDouble(history[0], trained);
            double[] validationLoss = validation != null ? toDouble(history[1], trained) : new double[0];
            byte[] json = booster.toByteArray("json");
            TrainedModel model = algorithm.isLinear()
                    ? linearModel(json, data, lossName, trainLoss, validationLoss, best, trained)
                    : new TrainedModel(MarginModel.XGBOOST, "model.xgb.json", json,
                    MarginModel.parse(MarginModel.XGBOOST, json), lossName, trainLoss, validationLoss, best, trained);
            checkAgainstXgboost(booster, model.model(), data.validation() != null ? data.validation() : data.train());
            return model;
        } catch (XGBoostError e) {
            throw new MlopsException(ErrorCode.INTERNAL_ERROR, "XGBoost failed: " + e.getMessage(), e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            if (train != null) {
                train.dispose();
            }
            if (validation != null) {
                validation.dispose();
            }
        }
    }

    static int rounds(Algorithm algorithm, Map<String, Object> params) {
        return switch (algorithm) {
            case XGBOOST -> (Integer) params.get("num_rounds");
            case RANDOM_FOREST -> 1;
            case LOGISTIC_REGRESSION, ELASTIC_NET -> (Integer) params.get("max_iter");
        };
    }

    static String lossName(Task task) {
        return switch (task) {
            case BINARY -> "logloss";
            case MULTICLASS -> "mlogloss";
            case REGRESSION -> "rmse";
        };
    }

    /** The XGBoost parameter map for an algorithm's resolved parameters. */
    public static Map<String, Object> xgboostParams(Algorithm algorithm, Map<String, Object> params, TrainingData data) {
        Map<String, Object> xgb = new HashMap<>();
        xgb.put("objective", switch (data.task()) {
            case BINARY -> "binary:logistic";
            case MULTICLASS -> "multi:softprob";
            case REGRESSION -> "reg:squarederror";
        });
        if (data.task() == Task.MULTICLASS) {
            xgb.put("num_class", data.classes());
        }
        xgb.put("eval_metric", lossName(data.task()));
        xgb.put("seed", data.seed());
        xgb.put("nthread", data.nthread());
        xgb.put("verbosity", 0);
        xgb.put("verbose_eval", 0); // read by XGBoost4J: no per-round console lines
        switch (algorithm) {
            case XGBOOST -> {
                xgb.put("booster", "gbtree");
                xgb.put("tree_method", "hist");
                for (String key : new String[] {"eta", "max_depth", "min_child_weight", "subsample", "colsample_bytree",
                        "colsample_bynode", "gamma", "lambda", "alpha", "max_bin", "max_delta_step", "base_score"}) {
                    if (params.containsKey(key)) {
                        xgb.put(key, params.get(key));
                    }
                }
                if (data.task() == Task.BINARY) {
                    xgb.put("scale_pos_weight", params.get("scale_pos_weight"));
                }
            }
            case RANDOM_FOREST -> {
                xgb.put("booster", "gbtree");
                xgb.put("tree_method", "hist");
                xgb.put("eta", 1.0);
                xgb.put("num_parallel_tree", params.get("num_trees"));
                for (String key : new String[] {"max_depth", "min_child_weight", "subsample", "colsample_bynode",
                        "lambda", "max_bin"}) {
                    xgb.put(key, params.get(key));
                }
            }
            case LOGISTIC_REGRESSION -> {
                // sklearn: C * sum(loss) + (1 - r)/2 ||w||^2 + r ||w||_1. gblinear minimises
                // sum(loss) + n * (lambda/2 ||w||^2 + alpha ||w||_1), so lambda = (1 - r)/(C n), alpha = r/(C n).
                double c = (Double) params.get("C");
                double n = data.train().rows();
                double l1 = switch ((String) params.get("penalty")) {
                    case "l1" -> 1.0;
                    case "elasticnet" -> (Double) params.get("l1_ratio");
                    default -> 0.0;
                };
                boolean none = params.get("penalty").equals("none");
                linear(xgb, params, none ? 0 : (1 - l1) / (c * n), none ? 0 : l1 / (c * n));
            }
            case ELASTIC_NET -> {
                // sklearn: 1/(2n)||y - Xw||^2 + a r ||w||_1 + a (1 - r)/2 ||w||^2; gblinear's squared error is
                // 1/2 sum (y - p)^2 + n * (lambda/2 ||w||^2 + alpha ||w||_1), so lambda = a (1 - r), alpha = a r.
                double a = (Double) params.get("alpha");
                double r = (Double) params.get("l1_ratio");
                linear(xgb, params, a * (1 - r), a * r);
            }
        }
        return xgb;
    }

    private static void linear(Map<String, Object> xgb, Map<String, Object> params, double lambda, double alpha) {
        xgb.put("booster", "gblinear");
        xgb.put("updater", "coord_descent");
        xgb.put("feature_selector", "cyclic");
        xgb.put("lambda", lambda);
        xgb.put("alpha", alpha);
        xgb.put("eta", params.get("eta"));
        xgb.put("tolerance", params.get("tol"));
    }

    private static DMatrix matrix(FeatureMatrix m, float[] labels) throws XGBoostError {
        DMatrix d = new DMatrix(m.values(), m.rows(), m.columns(), Float.NaN);
        d.setLabel(labels);
        return d;
    }

    private static double[] toDouble(float[] values, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static TrainedModel linearModel(byte[] json, TrainingData data, String lossName, double[] trainLoss,
                                            double[] validationLoss, int best, int trained) {
        try {
            JsonNode xgbModel = Json.mapper().readTree(json);
            byte[] coefficients = Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(LinearModel.coefficientsFromGblinear(xgbModel, data.featureNames()))
                    .replace("\r\n", "\n").concat("\n").getBytes(StandardCharsets.UTF_8);
            return new TrainedModel(MarginModel.LINEAR, "coefficients.json", coefficients,
                    MarginModel.parse(MarginModel.LINEAR, coefficients), lossName, trainLoss, validationLoss, best, trained);
        } catch (IOException e) {
            throw new MlopsException(ErrorCode.INTERNAL_ERROR, "Cannot read XGBoost's model JSON: " + e.getMessage(), e);
        }
    }

    /** The evaluator that serves must agree with the library that trained: compare margins on a few rows. */
    private static void checkAgainstXgboost(Booster booster, MarginModel model, FeatureMatrix rows) throws XGBoostError {
        int n = Math.min(CHECK_ROWS, rows.rows());
        if (n == 0) {
            return;
        }
        FeatureMatrix sample = rows.rows(java.util.stream.IntStream.range(0, n).toArray());
        DMatrix d = new DMatrix(sample.values(), n, sample.columns(), Float.NaN);
        try {
            float[][] expected = booster.predict(d, true);
            float[] margins = new float[model.outputs()];
            for (int i = 0; i < n; i++) {
                model.margins(sample.values(), i * sample.columns(), margins);
                for (int k = 0; k < margins.length; k++) {
                    double diff = Math.abs(margins[k] - expected[i][k]);
                    if (diff > CHECK_TOLERANCE * Math.max(1, Math.abs(expected[i][k]))) {
                        throw new MlopsException(ErrorCode.INTERNAL_ERROR, "The Java evaluator disagrees with XGBoost on row "
                                + i + " output " + k + ": " + margins[k] + " vs " + expected[i][k] + " ("
                                + Arrays.toString(expected[i]) + ")");
                    }
                }
            }
        } finally {
            d.dispose();
        }
    }
}
