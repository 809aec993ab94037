package org.mlops4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mlops4j.core.MlopsException;
import org.mlops4j.train.TrainConfig.AlgorithmSpec;
import org.mlops4j.train.TrainConfig.BaselineSpec;
import org.mlops4j.train.TrainConfig.DataSpec;
import org.mlops4j.train.TrainConfig.SearchSpec;
import org.mlops4j.train.TrainConfig.SplitSpec;
import org.mlops4j.train.algo.Algorithm;
import org.mlops4j.train.eval.Evaluator;
import org.mlops4j.train.eval.MetricThreshold;
import org.mlops4j.train.feature.FeatureSpec;
import org.mlops4j.train.tune.ParamDomain;
import org.mlops4j.train.tune.SearchMethod;
import org.mlops4j.train.tune.SearchSpace;

/**
 * Reads train.yaml (or the same structure as JSON) strictly: an unknown key, a wrong type or a bad
 * value fails with INVALID_PARAMETER_VALUE naming the file and the key's path. See docs/training.md
 * for the format. Stateless.
 */
public final class TrainConfigReader {
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder().build());

    private TrainConfigReader() {
    }

    /** Reads a file; relative data paths in it resolve against the file's directory. */
    public static TrainConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw MlopsException.notFound("Training configuration %s does not exist", file);
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw MlopsException.invalidParameter("%s is not valid YAML: %s", file, e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(root, file.getFileName().toString(), base);
    }

    /** Parses YAML text; relative paths resolve against {@code baseDirectory}. */
    public static TrainConfig parse(String yaml, Path baseDirectory) {
        try {
            return parse(YAML.readTree(yaml), "train.yaml", baseDirectory);
        } catch (IOException e) {
            throw MlopsException.invalidParameter("train.yaml is not valid YAML: %s", e.getMessage());
        }
    }

    static TrainConfig parse(JsonNode root, String source, Path baseDirectory) {
        if (root == null || !root.isObject()) {
            throw MlopsException.invalidParameter("%s: expected a mapping at the top level", source);
        }
        Node top = new Node(root, source, "");
        try {
            Node dataNode = top.requireObject("data");
            DataSpec data = new DataSpec(dataNode.text("name", null), dataNode.requireText("train"),
                    dataNode.text("test", null), dataNode.requireText("label"), dataNode.text("positive_class", null));
            dataNode.finish();

            Node algoNode = top.requireObject("algorithm");
            Algorithm algorithm = Algorithm.parse(algoNode.requireText("name"));
            Map<String, Object> params = algoNode.has("params") ? algoNode.object("params").scalars() : Map.of();
            algoNode.finish();
            AlgorithmSpec algorithmSpec = AlgorithmSpec.of(algorithm, params);

            String taskText = top.text("task", null);
            Task task = taskText == null ? null : Task.parse(taskText.toLowerCase(Locale.ROOT));

            FeatureSpec features = top.has("features") ? features(top.object("features")) : FeatureSpec.defaults();

            SplitSpec split = SplitSpec.defaults();
            if (top.has("split")) {
                Node s = top.object("split");
                split = new SplitSpec(s.number("validation", 0.2), s.number("test", 0.2), s.bool("stratify", true));
                s.finish();
            }

            SearchSpec search = top.has("search") ? search(top.object("search")) : null;

            int folds = 0;
            if (top.has("cv")) {
                Node cv = top.object("cv");
                folds = cv.integer("folds", 0);
                cv.finish();
            }

            List<MetricThreshold> thresholds = new ArrayList<>();
            if (top.has("thresholds")) {
                Node t = top.object("thresholds");
                for (String metric : t.keys()) {
                    Node m = t.object(metric);
                    Boolean greater = m.has("greater_is_better") ? m.bool("greater_is_better", true) : null;
                    thresholds.add(new MetricThreshold(metric, m.optionalNumber("threshold"),
                            m.optionalNumber("min_absolute_change"), m.optionalNumber("min_relative_change"),
                            greater != null ? greater : Evaluator.greaterIsBetter(metric)));
                    m.finish();
                }
                t.finish();
            }

            BaselineSpec baseline = null;
            if (top.has("baseline")) {
                Node b = top.object("baseline");
                Map<String, Double> metrics = new TreeMap<>();
                if (b.has("metrics")) {
                    Node m = b.object("metrics");
                    for (String key : m.keys()) {
                        metrics.put(key, m.number(key, Double.NaN));
                    }
                    m.finish();
                }
                baseline = new BaselineSpec(b.text("bundle", null), metrics);
                b.finish();
            }

            String output = top.text("output", null);
            TrainConfig config = new TrainConfig(top.text("experiment", null), top.text("run_name", null),
                    (long) top.number("seed", 42), top.integer("nthread", 1),
                    output == null ? null : baseDirectory.resolve(output), data, task, features, split, algorithmSpec,
                    search, folds, thresholds, baseline, baseDirectory);
            top.finish();
            return config;
        } catch (MlopsException e) {
            if (e.getMessage().startsWith(source + ":")) {
                throw e;
            }
            throw MlopsException.invalidParameter("%s: %s", source, e.getMessage());
        }
    }

    private static FeatureSpec features(Node node) {
        List<String> include = node.has("include") ? node.textList("include") : List.of();
        List<String> exclude = node.has("exclude") ? node.textList("exclude") : List.of();
        FeatureSpec.NumericImpute numericImpute = FeatureSpec.NumericImpute.AUTO;
        double numericValue = Double.NaN;
        FeatureSpec.Scaling scaling = FeatureSpec.Scaling.AUTO;
        if (node.has("numeric")) {
            Node n = node.object("numeric");
            numericImpute = n.choice("impute", FeatureSpec.NumericImpute.class, numericImpute);
            numericValue = n.number("impute_value", Double.NaN);
            scaling = n.choice("scale", FeatureSpec.Scaling.class, scaling);
            n.finish();
        }
        FeatureSpec.CategoricalImpute categoricalImpute = FeatureSpec.CategoricalImpute.NONE;
        String categoricalValue = null;
        FeatureSpec.Encoding encoding = FeatureSpec.Encoding.ONE_HOT;
        FeatureSpec.UnknownCategory unknown = FeatureSpec.UnknownCategory.IGNORE;
        if (node.has("categorical")) {
            Node c = node.object("categorical");
            categoricalImpute = c.choice("impute", FeatureSpec.CategoricalImpute.class, categoricalImpute);
            categoricalValue = c.text("impute_value", null);
            encoding = c.choice("encoding", FeatureSpec.Encoding.class, encoding);
            unknown = c.choice("unknown", FeatureSpec.UnknownCategory.class, unknown);
            c.finish();
        }
        node.finish();
        return new FeatureSpec(include, exclude, numericImpute, numericValue, scaling, categoricalImpute,
                categoricalValue, encoding, unknown);
    }

    private static SearchSpec search(Node node) {
        SearchMethod method = SearchMethod.parse(node.requireText("method"));
        int trials = node.integer("trials", 10);
        String metric = node.requireText("metric");
        Boolean maximize = null;
        if (node.has("direction")) {
            String direction = node.requireText("direction").toLowerCase(Locale.ROOT);
            if (!direction.equals("maximize") && !direction.equals("minimize")) {
                throw MlopsException.invalidParameter("search.direction must be maximize or minimize, got '%s'", direction);
            }
            maximize = direction.equals("maximize");
        }
        Node spaceNode = node.requireObject("space");
        Map<String, ParamDomain> domains = new LinkedHashMap<>();
        for (String name : spaceNode.keys()) {
            JsonNode value = spaceNode.raw(name);
            String path = spaceNode.path(name);
            if (value.isArray()) {
                List<Object> values = new ArrayList<>();
                value.forEach(v -> values.add(scalar(v, path)));
                domains.put(name, new ParamDomain.Choice(values));
            } else if (value.isObject()) {
                Node range = spaceNode.object(name);
                double low = range.number("low", Double.NaN);
                double high = range.number("high", Double.NaN);
                String type = range.text("type", "float");
                if (!type.equals("int") && !type.equals("float")) {
                    throw MlopsException.invalidParameter("%s.type must be int or float, got '%s'", path, type);
                }
                boolean log = range.bool("log", false);
                range.finish();
                domains.put(name, new ParamDomain.Range(low, high, type.equals("int"), log));
            } else {
                throw MlopsException.invalidParameter("%s must be a list of values or {low, high[, type, log]}", path);
            }
        }
        spaceNode.finish();
        node.finish();
        return new SearchSpec(method, trials, metric, maximize, new SearchSpace(domains));
    }

    private static Object scalar(JsonNode v, String path) {
        if (v.isIntegralNumber()) {
            return v.longValue() == v.intValue() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        throw MlopsException.invalidParameter("%s: expected a number or text, got %s", path, v.getNodeType());
    }

    /** A mapping being read: remembers which keys were used so {@link #finish()} can reject the others. */
    private static final class Node {
        private final JsonNode node;
        private final String source;
        private final String prefix;
        private final Set<String> used = new LinkedHashSet<>();

        Node(JsonNode node, String source, String prefix) {
            this.node = node;
            this.source = source;
            this.prefix = prefix;
        }

        String path(String key) {
            return prefix.isEmpty() ? key : prefix + "." + key;
        }

        boolean has(String key) {
            used.add(key);
            return node.has(key) && !node.get(key).isNull();
        }

        List<String> keys() {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            return keys;
        }

        JsonNode raw(String key) {
            used.add(key);
            return node.get(key);
        }

        Node object(String key) {
            JsonNode value = raw(key);
            if (value == null || !value.isObject()) {
                throw MlopsException.invalidParameter("%s must be a mapping", path(key));
            }
            return new Node(value, source, path(key));
        }

        Node requireObject(String key) {
            if (!has(key)) {
                throw MlopsException.invalidParameter("%s is required", path(key));
            }
            return object(key);
        }

        String text(String key, String fallback) {
            JsonNode value = raw(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isValueNode() || value.isBinary()) {
                throw MlopsException.invalidParameter("%s must be text", path(key));
            }
            return value.asText();
        }

        String requireText(String key) {
            String value = text(key, null);
            if (value == null || value.isBlank()) {
                throw MlopsException.invalidParameter("%s is required", path(key));
            }
            return value;
        }

        double number(String key, double fallback) {
            JsonNode value = raw(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (value.isNumber()) {
                return value.doubleValue();
            }
            throw MlopsException.invalidParameter("%s must be a number, got '%s'", path(key), value.asText());
        }

        Double optionalNumber(String key) {
            double v = number(key, Double.NaN);
            return Double.isNaN(v) ? null : v;
        }

        int integer(String key, int fallback) {
            double v = number(key, fallback);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw MlopsException.invalidParameter("%s must be an integer, got %s", path(key), v);
            }
            return (int) v;
        }

        boolean bool(String key, boolean fallback) {
            JsonNode value = raw(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw MlopsException.invalidParameter("%s must be true or false, got '%s'", path(key), value.asText());
            }
            return value.booleanValue();
        }

        <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
            String value = text(key, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                List<String> allowed = new ArrayList<>();
                for (E c : type.getEnumConstants()) {
                    allowed.add(c.name().toLowerCase(Locale.ROOT));
                }
                throw MlopsException.invalidParameter("%s must be one of %s, got '%s'", path(key), allowed, value);
            }
        }

        List<String> textList(String key) {
            JsonNode value = raw(key);
            if (!value.isArray()) {
                throw MlopsException.invalidParameter("%s must be a list", path(key));
            }
            List<String> out = new ArrayList<>();
            value.forEach(v -> {
                if (!v.isValueNode()) {
                    throw MlopsException.invalidParameter("%s must be a list of names", path(key));
                }
                out.add(v.asText());
            });
            return out;
        }

        /** Every entry as a scalar (numbers, text, booleans), for algorithm parameters. */
        Map<String, Object> scalars() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String key : keys()) {
                out.put(key, scalar(raw(key), path(key)));
            }
            return out;
        }

        void finish() {
            List<String> unknown = keys().stream().filter(k -> !used.contains(k)).toList();
            if (!unknown.isEmpty()) {
                throw MlopsException.invalidParameter("unknown key '%s'%s (known here: %s)", path(unknown.get(0)),
                        unknown.size() > 1 ? " and " + (unknown.size() - 1) + " more" : "",
                        used.isEmpty() ? "none" : String.join(", ", used));
            }
        }
    }
}
