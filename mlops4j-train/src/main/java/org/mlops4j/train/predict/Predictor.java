package org.mlops4j.train.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Table;
import org.mlops4j.train.Task;
import org.mlops4j.train.bundle.BundleDescriptor;
import org.mlops4j.train.bundle.ModelBundle;
import org.mlops4j.train.feature.FeatureMatrix;
import org.mlops4j.train.feature.FeaturePipeline;

/**
 * Applies a model bundle: the fitted feature pipeline, then the model, then the link. Serving,
 * batch scoring, model tests and monitors all predict through this class, so what was evaluated is
 * what is served. Predictions run in pure Java (no native call); {@link #explain(Table)} uses
 * XGBoost for tree models.
 *
 * <p>Thread-safe. {@link #close()} frees the native model that {@code explain} loads, if any.
 */
public final class Predictor implements AutoCloseable {
    private final BundleDescriptor descriptor;
    private final FeaturePipeline pipeline;
    private final MarginModel model;
    private final byte[] modelBytes;
    private final Task task;
    private final List<String> classes;
    private Booster booster;

    private Predictor(BundleDescriptor descriptor, FeaturePipeline pipeline, MarginModel model, byte[] modelBytes) {
        this.descriptor = descriptor;
        this.pipeline = pipeline;
        this.model = model;
        this.modelBytes = modelBytes;
        this.task = descriptor.task();
        this.classes = descriptor.classes();
        int expectedOutputs = task == Task.MULTICLASS ? classes.size() : 1;
        if (model.outputs() != expectedOutputs) {
            throw MlopsException.invalidParameter("Model has %d outputs, a %s task with %d classes needs %d",
                    model.outputs(), task.wireName(), classes.size(), expectedOutputs);
        }
        if (model.featureCount() != pipeline.outputCount()) {
            throw MlopsException.invalidParameter("Model expects %d features, the pipeline makes %d",
                    model.featureCount(), pipeline.outputCount());
        }
        if (task == Task.BINARY && (classes.size() != 2 || model.link() != Link.LOGISTIC)
                || task == Task.MULTICLASS && model.link() != Link.SOFTMAX
                || task == Task.REGRESSION && model.link() != Link.IDENTITY) {
            throw MlopsException.invalidParameter("Model link %s does not fit a %s task with %d classes", model.link(),
                    task.wireName(), classes.size());
        }
    }

    /** Reads, verifies and loads the bundle in {@code dir}. */
    public static Predictor load(Path dir) {
        return of(ModelBundle.read(dir));
    }

    public static Predictor of(ModelBundle bundle) {
        BundleDescriptor d = bundle.descriptor();
        return new Predictor(d, bundle.pipeline(), bundle.model(), bundle.file(d.modelFile()));
    }

    public BundleDescriptor descriptor() {
        return descriptor;
    }

    public Task task() {
        return task;
    }

    public List<String> classes() {
        return classes;
    }

    /** The input columns, in the order {@link #predictRow(Object...)} takes them. */
    public List<String> inputNames() {
        return pipeline.inputNames();
    }

    public FeaturePipeline pipeline() {
        return pipeline;
    }

    /**
     * Predicts every row of {@code input} (extra columns are ignored).
     *
     * @throws MlopsException INVALID_PARAMETER_VALUE naming a missing column or a bad value
     */
    public Predictions predict(Table input) {
        return predictFeatures(pipeline.transform(input));
    }

    /** Predicts rows already transformed by this predictor's pipeline. */
    public Predictions predictFeatures(FeatureMatrix features) {
        return score(model, task, classes, features);
    }

    /** Predictions of a margin model on transformed rows (what {@link #predictFeatures} does, without a bundle). */
    public static Predictions score(MarginModel model, Task task, List<String> classes, FeatureMatrix features) {
        int rows = features.rows();
        float[] margins = new float[model.outputs()];
        float[] values = features.values();
        int width = features.columns();
        if (task == Task.REGRESSION) {
            double[] out = new double[rows];
            for (int r = 0; r < rows; r++) {
                model.margins(values, r * width, margins);
                out[r] = margins[0];
            }
            return new Predictions(task, classes, null, out);
        }
        double[][] probabilities = new double[rows][classes.size()];
        for (int r = 0; r < rows; r++) {
            model.margins(values, r * width, margins);
            MarginModel.applyLink(model.link(), margins, probabilities[r]);
        }
        return new Predictions(task, classes, probabilities, null);
    }

    /**
     * Predicts one row given as values in {@link #inputNames()} order: Number, String, Boolean, or null
     * for a missing value. The fast path for online serving: no table, no native call.
     */
    public Prediction predictRow(Object... values) {
        float[] x = new float[pipeline.outputCount()];
        pipeline.transformRow(values, x);
        float[] margins = new float[model.outputs()];
        model.margins(x, 0, margins);
        if (task == Task.REGRESSION) {
            return new Prediction(null, new double[0], margins[0]);
        }
        double[] probabilities = new double[classes.size()];
        MarginModel.applyLink(model.link(), margins, probabilities);
        int best = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        return new Prediction(classes.get(best), probabilities, Double.NaN);
    }

    /** Predicts one row given by column name; absent columns are missing values, unknown names are ignored. */
    public Prediction predictRow(Map<String, ?> row) {
        List<String> names = pipeline.inputNames();
        Object[] values = new Object[names.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(names.get(i));
        }
        return predictRow(values);
    }

    /**
     * Per-input-column contributions for every row: SHAP values computed by XGBoost for trees,
     * weight x value for linear models.
     */
    public Explanations explain(Table input) {
        FeatureMatrix x = pipeline.transform(input);
        int outputs = model.outputs();
        int features = x.columns();
        float[][] raw = model instanceof LinearModel linear ? linearContributions(linear, x) : treeContributions(x);
        List<String> inputs = pipeline.inputNames();
        double[][][] contributions = new double[x.rows()][outputs][inputs.size()];
        double[][] bias = new double[x.rows()][outputs];
        for (int r = 0; r < x.rows(); r++) {
            for (int k = 0; k < outputs; k++) {
                int base = k * (features + 1);
                for (int j = 0; j < features; j++) {
                    contributions[r][k][pipeline.sourceOf(j)] += raw[r][base + j];
                }
                bias[r][k] = raw[r][base + features];
            }
        }
        List<String> outputNames = switch (task) {
            case BINARY -> List.of(classes.get(1));
            case MULTICLASS -> classes;
            case REGRESSION -> List.of(descriptor.label());
        };
        return new Explanations(inputs, outputNames, contributions, bias);
    }

    private static float[][] linearContributions(LinearModel model, FeatureMatrix x) {
        int outputs = model.outputs();
        int features = x.columns();
        float[][] out = new float[x.rows()][outputs * (features + 1)];
        for (int r = 0; r < x.rows(); r++) {
            for (int k = 0; k < outputs; k++) {
                int base = k * (features + 1);
                for (int j = 0; j < features; j++) {
                    float v = x.get(r, j);
                    out[r][base + j] = v == v ? v * model.weight(j, k) : 0f;
                }
                out[r][base + features] = model.intercept(k);
            }
        }
        return out;
    }

    private synchronized float[][] treeContributions(FeatureMatrix x) {
        DMatrix d = null;
        try {
            if (booster == null) {
                booster = XGBoost.loadModel(modelBytes);
                booster.setParam("nthread", 1);
            }
            d = new DMatrix(x.values(), x.rows(), x.columns(), Float.NaN);
            return booster.predictContrib(d, 0);
        } catch (XGBoostError | java.io.IOException e) {
            throw new MlopsException(ErrorCode.INTERNAL_ERROR, "XGBoost could not explain the predictions: "
                    + e.getMessage(), e);
        } finally {
            if (d != null) {
                d.dispose();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (booster != null) {
            booster.dispose();
            booster = null;
        }
    }

    @Override
    public String toString() {
        return "Predictor[" + descriptor.algorithm() + ", " + task.wireName() + ", inputs " + new ArrayList<>(inputNames())
                + "]";
    }
}
