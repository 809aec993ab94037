package org.mlops4j.train.feature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.Table;
import org.mlops4j.train.feature.FeatureSpec.Encoding;
import org.mlops4j.train.feature.FeatureSpec.NumericImpute;
import org.mlops4j.train.feature.FeatureSpec.Scaling;
import org.mlops4j.train.feature.FeatureSpec.UnknownCategory;

/**
 * A fitted feature pipeline: for each input column, in order, the transformation learnt from the
 * training rows (imputation value, categories, centre and scale). It is data, not code: {@link #toJson()}
 * and {@link #fromJson(JsonNode)} round-trip it exactly. Immutable and thread-safe.
 *
 * <p>Numeric inputs: NaN and infinities count as missing. Standardisation uses the population
 * standard deviation (as scikit-learn's StandardScaler); a constant column gets scale 1.
 * Categorical inputs are compared as text ({@link Column#text(int)}), so a category seen as the
 * number 3 in training matches "3" at prediction time. Categories are sorted, so the feature order
 * does not depend on row order.
 */
public final class FeaturePipeline {
    public static final String FORMAT = "mlops4j.feature-pipeline/1";

    private final List<ColumnTransform> transforms;
    private final List<String> outputNames;
    private final List<String> inputNames; // scoring asks for them per request
    private final int[] outputSource;
    private final int[] offsets;

    private FeaturePipeline(List<ColumnTransform> transforms) {
        this.transforms = List.copyOf(transforms);
        List<String> names = new ArrayList<>();
        List<Integer> source = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        this.offsets = new int[transforms.size()];
        for (int i = 0; i < transforms.size(); i++) {
            ColumnTransform t = transforms.get(i);
            offsets[i] = names.size();
            names.addAll(t.outputNames());
            for (int k = 0; k < t.width(); k++) {
                source.add(i);
            }
            if (!seen.add(t.input())) {
                throw MlopsException.invalidParameter("Feature pipeline lists column '%s' twice", t.input());
            }
        }
        this.outputNames = List.copyOf(names);
        this.inputNames = transforms.stream().map(ColumnTransform::input).toList();
        this.outputSource = source.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Learns the pipeline from {@code rows} of {@code table} (the training rows only).
     *
     * @param label the label column, never a feature
     * @throws MlopsException INVALID_PARAMETER_VALUE for an unknown column, a column of an unusable
     *                        type, or a feature with no value in the training rows
     */
    public static FeaturePipeline fit(Table table, int[] rows, String label, FeatureSpec spec) {
        if (spec.numericImpute() == NumericImpute.AUTO || spec.scaling() == Scaling.AUTO) {
            throw new IllegalArgumentException("resolve the FeatureSpec for the algorithm first");
        }
        List<String> inputs = selectInputs(table, label, spec);
        List<ColumnTransform> transforms = new ArrayList<>();
        for (String name : inputs) {
            Column column = table.column(name);
            transforms.add(switch (column.type()) {
                case NUMERIC -> fitNumeric((NumericColumn) column, rows, spec);
                case CATEGORICAL, BOOLEAN -> fitCategorical(column, rows, spec);
                case TEXT -> throw MlopsException.invalidParameter("Column '%s' is free text (too many distinct values "
                        + "to be categories); exclude it under features.exclude", name);
                case TIMESTAMP -> throw MlopsException.invalidParameter("Column '%s' is a timestamp, which is not a "
                        + "feature type; exclude it under features.exclude", name);
            });
        }
        return new FeaturePipeline(transforms);
    }

    private static List<String> selectInputs(Table table, String label, FeatureSpec spec) {
        for (String name : spec.exclude()) {
            table.column(name); // an unknown excluded column is a typo worth reporting
        }
        List<String> chosen = new ArrayList<>();
        if (spec.include().isEmpty()) {
            for (String name : table.columnNames()) {
                if (!name.equals(label) && !spec.exclude().contains(name)) {
                    chosen.add(name);
                }
            }
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (String name : spec.include()) {
                table.column(name);
                if (name.equals(label)) {
                    throw MlopsException.invalidParameter("The label column '%s' cannot also be a feature", label);
                }
                if (!seen.add(name)) {
                    throw MlopsException.invalidParameter("features.include lists '%s' twice", name);
                }
                if (!spec.exclude().contains(name)) {
                    chosen.add(name);
                }
            }
        }
        if (chosen.isEmpty()) {
            throw MlopsException.invalidParameter("No feature columns left (columns: %s, label: '%s')",
                    table.columnNames(), label);
        }
        return chosen;
    }

    private static NumericTransform fitNumeric(NumericColumn column, int[] rows, FeatureSpec spec) {
        int n = 0;
        double sum = 0;
        for (int r : rows) {
            double v = column.value(r);
            if (!column.isMissing(r) && Double.isFinite(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            throw MlopsException.invalidParameter("Feature '%s' has no value in the %d training rows (all missing "
                    + "or NaN); exclude it under features.exclude", column.name(), rows.length);
        }
        double impute = switch (spec.numericImpute()) {
            case NONE -> Double.NaN;
            case MEAN -> sum / n;
            case MEDIAN -> median(column, rows, n);
            case CONSTANT -> spec.numericImputeValue();
            case AUTO -> throw new IllegalStateException();
        };
        double center = 0;
        double scale = 1;
        if (spec.scaling() == Scaling.STANDARD) {
            // Statistics over the imputed training values, as a scaler placed after an imputer sees them.
            int missing = rows.length - n;
            boolean imputed = !Double.isNaN(impute) && missing > 0;
            int count = imputed ? rows.length : n;
            center = (imputed ? sum + impute * missing : sum) / count;
            double squares = 0;
            for (int r : rows) {
                double v = column.value(r);
                if (!column.isMissing(r) && Double.isFinite(v)) {
                    squares += (v - center) * (v - center);
                }
            }
            if (imputed) {
                squares += (impute - center) * (impute - center) * missing;
            }
            double std = Math.sqrt(squares / count);
            scale = std > 0 && Double.isFinite(std) ? std : 1;
        }
        return new NumericTransform(column.name(), impute, center, scale);
    }

    private static double median(NumericColumn column, int[] rows, int n) {
        double[] sorted = new double[n];
        int i = 0;
        for (int r : rows) {
            double v = column.value(r);
            if (!column.isMissing(r) && Double.isFinite(v)) {
                sorted[i++] = v;
            }
        }
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static ColumnTransform fitCategorical(Column column, int[] rows, FeatureSpec spec) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (int r : rows) {
            String text = column.text(r);
            if (text != null) {
                counts.merge(text, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            throw MlopsException.invalidParameter("Feature '%s' has no value in the %d training rows (all missing); "
                    + "exclude it under features.exclude", column.name(), rows.length);
        }
        String impute = switch (spec.categoricalImpute()) {
            case NONE -> null;
            case MOST_FREQUENT -> {
                String best = null;
                int bestCount = -1;
                for (Map.Entry<String, Integer> e : counts.entrySet()) { // sorted: ties go to the smallest
                    if (e.getValue() > bestCount) {
                        best = e.getKey();
                        bestCount = e.getValue();
                    }
                }
                yield best;
            }
            case CONSTANT -> spec.categoricalImputeValue();
        };
        Set<String> categories = new java.util.TreeSet<>(counts.keySet());
        if (impute != null) {
            categories.add(impute);
        }
        CategoryIndex index = new CategoryIndex(column.name(), List.copyOf(categories), impute, spec.unknown());
        return spec.encoding() == Encoding.ONE_HOT ? new OneHotTransform(column.name(), index)
                : new OrdinalTransform(column.name(), index);
    }

    /** The input columns, in the order the pipeline reads them. */
    public List<String> inputNames() {
        return inputNames;
    }

    /** "numeric" or "categorical" per input column. */
    public List<String> inputKinds() {
        return transforms.stream().map(ColumnTransform::inputKind).toList();
    }

    /** The features produced, in order (one-hot features are named {@code column=category}). */
    public List<String> outputNames() {
        return outputNames;
    }

    public int outputCount() {
        return outputNames.size();
    }

    /** For each output feature, the index of the input column it comes from. */
    public int sourceOf(int output) {
        return outputSource[output];
    }

    /**
     * Transforms every row of {@code table}. Extra columns are ignored.
     *
     * @throws MlopsException INVALID_PARAMETER_VALUE naming a missing input column, a non-numeric value
     *                        in a numeric column, or an unseen category under {@code unknown: error}
     */
    public FeatureMatrix transform(Table table) {
        Column[] inputs = new Column[transforms.size()];
        List<String> absent = null;
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = inputColumn(table, i, transforms.get(i).input());
            if (inputs[i] == null) {
                absent = absent == null ? new ArrayList<>() : absent;
                absent.add(transforms.get(i).input());
            }
        }
        if (absent != null) {
            throw MlopsException.invalidParameter("Input lacks the column(s) %s the model needs", absent);
        }
        int width = outputCount();
        float[] out = new float[table.rowCount() * width];
        for (int i = 0; i < inputs.length; i++) {
            transforms.get(i).transformColumn(inputs[i], out, width, offsets[i]);
        }
        return new FeatureMatrix(out, table.rowCount(), width);
    }

    /**
     * The column the {@code i}th transform reads, or null. A served request's table holds the
     * inputs in this pipeline's order, so the column at the same position is checked first: finding
     * each by name, twice, was forty hash lookups in every scored request.
     */
    private static Column inputColumn(Table table, int i, String name) {
        if (i < table.columnCount() && table.columns().get(i).name().equals(name)) {
            return table.columns().get(i);
        }
        return table.find(name).orElse(null);
    }

    /**
     * Transforms one row given as values in {@link #inputNames()} order (Number, String, Boolean or
     * null for missing) into {@code out}, which must hold {@link #outputCount()} floats.
     */
    public void transformRow(Object[] values, float[] out) {
        if (values.length != transforms.size()) {
            throw MlopsException.invalidParameter("Expected %d values (%s), got %d", transforms.size(), inputNames(),
                    values.length);
        }
        for (int i = 0; i < values.length; i++) {
            transforms.get(i).transformValue(values[i], out, offsets[i]);
        }
    }

    /** The pipeline as JSON data (the bundle's {@code pipeline.json}). */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        ArrayNode inputs = root.putArray("inputs");
        transforms.forEach(t -> inputs.add(t.toJson()));
        ArrayNode outputs = root.putArray("outputs");
        outputNames.forEach(outputs::add);
        return root;
    }

    /** Reads what {@link #toJson()} wrote; rejects anything else with INVALID_PARAMETER_VALUE. */
    public static FeaturePipeline fromJson(JsonNode root) {
        if (!FORMAT.equals(root.path("format").asText())) {
            throw MlopsException.invalidParameter("Not a feature pipeline of format %s: %s", FORMAT,
                    root.path("format").asText("(no format)"));
        }
        List<ColumnTransform> transforms = new ArrayList<>();
        for (JsonNode node : root.path("inputs")) {
            String name = requireText(node, "name");
            String kind = requireText(node, "kind");
            transforms.add(switch (kind) {
                case "numeric" -> new NumericTransform(name,
                        node.path("impute").isNull() ? Double.NaN : requireNumber(node, "impute"),
                        requireNumber(node, "center"), requireNumber(node, "scale"));
                case "one_hot", "ordinal" -> {
                    List<String> categories = new ArrayList<>();
                    node.path("categories").forEach(c -> categories.add(c.asText()));
                    String impute = node.path("impute").isTextual() ? node.path("impute").asText() : null;
                    UnknownCategory unknown = UnknownCategory.valueOf(requireText(node, "unknown").toUpperCase(Locale.ROOT));
                    CategoryIndex index = new CategoryIndex(name, categories, impute, unknown);
                    yield kind.equals("one_hot") ? new OneHotTransform(name, index) : new OrdinalTransform(name, index);
                }
                default -> throw MlopsException.invalidParameter("Unknown feature kind '%s' for column '%s'", kind, name);
            });
        }
        FeaturePipeline pipeline = new FeaturePipeline(transforms);
        List<String> outputs = new ArrayList<>();
        root.path("outputs").forEach(o -> outputs.add(o.asText()));
        if (!outputs.equals(pipeline.outputNames)) {
            throw MlopsException.invalidParameter("Feature pipeline outputs do not match its inputs");
        }
        return pipeline;
    }

    private static String requireText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw MlopsException.invalidParameter("Feature pipeline entry lacks text field '%s'", field);
        }
        return value.asText();
    }

    private static double requireNumber(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw MlopsException.invalidParameter("Feature pipeline entry lacks number field '%s'", field);
        }
        return value.asDouble();
    }
}
