package org.mlops4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.Table;
import org.mlops4j.train.Splits.Split;
import org.mlops4j.train.algo.Algorithm;
import org.mlops4j.train.algo.TrainedModel;
import org.mlops4j.train.algo.TrainingData;
import org.mlops4j.train.algo.XgboostTrainer;
import org.mlops4j.train.bundle.BundleDescriptor;
import org.mlops4j.train.bundle.CanonicalJson;
import org.mlops4j.train.bundle.ModelBundle;
import org.mlops4j.train.bundle.Signature;
import org.mlops4j.train.eval.Charts;
import org.mlops4j.train.eval.Evaluation;
import org.mlops4j.train.eval.Evaluator;
import org.mlops4j.train.eval.ModelValidator;
import org.mlops4j.train.eval.ValidationResult;
import org.mlops4j.train.feature.FeatureMatrix;
import org.mlops4j.train.feature.FeaturePipeline;
import org.mlops4j.train.feature.FeatureSpec;
import org.mlops4j.train.predict.Predictions;
import org.mlops4j.train.predict.Predictor;
import org.mlops4j.train.tune.Trial;
import org.mlops4j.train.tune.Tuner;

/** One training run's steps, in order. Not thread-safe; used once. */
final class TrainingSession {
    private static final int INPUT_EXAMPLE_ROWS = 5;

    record Inputs(Table train, DatasetInfo trainInfo, Table test, DatasetInfo testInfo) {
    }

    /** A pipeline fitted on some rows, and the whole training table transformed by it. */
    private record Prepared(FeaturePipeline pipeline, FeatureMatrix all) {
    }

    private final TrainConfig config;
    private final RunRecorder recorder;
    private final String runId;
    private final String commit;
    private final Algorithm algorithm;
    private final FeatureSpec featureSpec;
    private final Map<Integer, Prepared> prepared = new HashMap<>();

    private Table train;
    private Labels labels;
    private float[] y;
    private int[] strata;
    private Split split;

    TrainingSession(TrainConfig config, RunRecorder recorder, String runId, String commit) {
        this.config = config;
        this.recorder = recorder;
        this.runId = runId;
        this.commit = commit;
        this.algorithm = config.algorithm().algorithm();
        this.featureSpec = config.features().resolve(algorithm.isLinear());
    }

    TrainingResult run(Inputs inputs) {
        train = inputs.train();
        recorder.logDataset(runId, inputs.trainInfo(), "training");
        if (inputs.test() != null) {
            recorder.logDataset(runId, inputs.testInfo(), "testing");
        }
        if (train.rowCount() == 0) {
            throw MlopsException.invalidParameter("The training data has no rows");
        }
        labels = Labels.infer(train, config.data().label(), config.task(), algorithm, config.data().positiveClass());
        Task task = labels.task();
        if (!algorithm.supports(task)) {
            throw MlopsException.invalidParameter("Algorithm %s cannot learn a %s task (label '%s')",
                    algorithm.wireName(), task.wireName(), labels.column());
        }
        if (config.search() != null && !Evaluator.metricNames(task).contains(config.search().metric())) {
            throw MlopsException.invalidParameter("search.metric '%s' is not a %s metric (%s)", config.search().metric(),
                    task.wireName(), Evaluator.metricNames(task));
        }
        y = labels.encode(train, "training data");
        if (task.isClassification() && config.split().stratify()) {
            strata = new int[y.length];
            for (int i = 0; i < y.length; i++) {
                strata[i] = (int) y[i];
            }
        }
        boolean testFile = inputs.test() != null;
        split = Splits.split(Splits.all(train.rowCount()), strata, config.split().validation(),
                testFile ? 0 : config.split().test(), config.seed());
        checkClassesPresent(split.train(), "training");
        recorder.setTags(runId, Map.of("mlops4j.task", task.wireName()));
        recorder.logParams(runId, configParams(task));

        // Search, or one configuration.
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
        TrainedModel bestModel = null;
        Map<String, Double> cvMetrics = Map.of();
        if (config.search() != null) {
            SearchOutcome outcome = search();
            trials = outcome.trials();
            best = outcome.best();
            bestModel = outcome.bestModel();
            cvMetrics = best.metrics().entrySet().stream().filter(e -> e.getKey().startsWith("cv_"))
                    .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll);
        } else if (config.cvFolds() >= 2) {
            cvMetrics = crossValidate(config.algorithm().resolved());
        }
        Map<String, Object> params = best != null ? config.algorithm().resolvedWith(best.params())
                : config.algorithm().resolved();
        Prepared main = prepare(-1, split.train());
        TrainedModel model = bestModel != null ? bestModel : fit(params, main, split.train(), split.validation());
        recorder.logParams(runId, strings(params));
        logHistory(runId, model);

        // Evaluate through a predictor read from the bundle's files (what serving will load).
        Table testTable = testFile ? inputs.test() : null;
        Map<String, Double> metrics = new TreeMap<>(cvMetrics);
        metrics.put("best_iteration", (double) model.bestIteration());
        metrics.put("rounds_trained", (double) model.roundsTrained());
        Evaluation validation = null;
        Evaluation test = null;
        if (split.validation().length > 0 || testFile || split.test().length > 0) {
            Predictor predictor = Predictor.of(bundle(task, main.pipeline(), model, params, Map.of(), inputs, best,
                    trials.size()));
            if (split.validation().length > 0) {
                validation = evaluate(predictor.predictFeatures(main.all().rows(split.validation())),
                        split.validation());
                metrics.putAll(validation.prefixed("validation"));
            }
            if (testFile) {
                test = evaluate(predictor.predict(testTable), testTable);
                metrics.putAll(test.prefixed("test"));
            } else if (split.test().length > 0) {
                test = evaluate(predictor.predictFeatures(main.all().rows(split.test())), split.test());
                metrics.putAll(test.prefixed("test"));
            }
        }
        if (best != null) {
            metrics.put("best_trial", (double) best.number());
        }

        ValidationResult gate = gate(metrics, testTable);
        ModelBundle bundle = bundle(task, main.pipeline(), model, params, metrics, inputs, best, trials.size());
        String digest = bundle.digest();

        recorder.logMetrics(runId, metrics.entrySet().stream().map(e -> new MetricPoint(e.getKey(), e.getValue(), 0))
                .toList());
        bundle.files().forEach((path, bytes) -> recorder.logArtifact(runId, "model/" + path, bytes));
        logEvaluationArtifacts(model, validation, test, gate);
        Map<String, String> tags = new TreeMap<>();
        tags.put("mlops4j.bundle.digest", digest);
        tags.put("mlops4j.bundle.path", "model");
        tags.put("mlops4j.validation", gate == null ? "none" : gate.passed() ? "passed" : "failed");
        if (best != null && best.runId() != null) {
            tags.put("mlops4j.best_trial_run_id", best.runId());
        }
        recorder.setTags(runId, tags);
        Path output = null;
        if (config.output() != null) {
            output = config.output();
            writeOutput(bundle, output);
        }
        return new TrainingResult(runId, task, labels.classes(), bundle, digest, metrics, validation, test, trials, params,
                gate, output);
    }

    private void checkClassesPresent(int[] rows, String part) {
        if (!labels.task().isClassification()) {
            return;
        }
        int[] counts = new int[labels.classes().size()];
        for (int r : rows) {
            counts[(int) y[r]]++;
        }
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == 0) {
                throw MlopsException.invalidParameter("Class '%s' of label '%s' has no %s rows after the split",
                        labels.classes().get(k), labels.column(), part);
            }
        }
    }

    private Map<String, String> configParams(Task task) {
        Map<String, String> p = new TreeMap<>();
        p.put("algorithm", algorithm.wireName());
        p.put("task", task.wireName());
        p.put("label", labels.column());
        p.put("seed", Long.toString(config.seed()));
        p.put("nthread", Integer.toString(config.nthread()));
        p.put("split.validation", Double.toString(config.split().validation()));
        p.put("split.test", config.data().test() != null ? "file" : Double.toString(config.split().test()));
        p.put("split.stratify", Boolean.toString(config.split().stratify()));
        p.put("features.numeric_impute", lower(featureSpec.numericImpute()));
        p.put("features.scaling", lower(featureSpec.scaling()));
        p.put("features.categorical_impute", lower(featureSpec.categoricalImpute()));
        p.put("features.encoding", lower(featureSpec.encoding()));
        p.put("features.unknown", lower(featureSpec.unknown()));
        if (config.search() != null) {
            p.put("search.method", lower(config.search().method()));
            p.put("search.trials", Integer.toString(config.search().trials()));
            p.put("search.metric", config.search().metric());
        }
        if (config.cvFolds() > 0) {
            p.put("cv.folds", Integer.toString(config.cvFolds()));
        }
        if (task == Task.BINARY) {
            p.put("positive_class", labels.classes().get(1));
        }
        return p;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> strings(Map<String, Object> params) {
        Map<String, String> out = new TreeMap<>();
        params.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    // ---- fitting

    /** The pipeline fitted on {@code fitRows} (cached by key: -1 for the main split, the fold number otherwise). */
    private Prepared prepare(int key, int[] fitRows) {
        return prepared.computeIfAbsent(key, k -> {
            FeaturePipeline pipeline = FeaturePipeline.fit(train, fitRows, labels.column(), featureSpec);
            return new Prepared(pipeline, pipeline.transform(train));
        });
    }

    private TrainedModel fit(Map<String, Object> params, Prepared prepared, int[] trainRows, int[] validationRows) {
        FeatureMatrix x = trainRows.length == train.rowCount() ? prepared.all() : prepared.all().rows(trainRows);
        FeatureMatrix v = validationRows.length > 0 ? prepared.all().rows(validationRows) : null;
        TrainingData data = new TrainingData(labels.task(), labels.classes().size(), prepared.pipeline().outputNames(),
                x, subset(y, trainRows), v, v == null ? null : subset(y, validationRows), config.seed(),
                config.nthread());
        return XgboostTrainer.train(algorithm, params, data);
    }

    private static float[] subset(float[] values, int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    private Evaluation evaluate(Predictions predictions, int[] rows) {
        if (labels.task().isClassification()) {
            int[] actual = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                actual[i] = (int) y[rows[i]];
            }
            return Evaluator.classification(labels.classes(), actual, predictions.probabilities());
        }
        double[] actual = labels.values(train, "training data");
        double[] subset = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            subset[i] = actual[rows[i]];
        }
        return Evaluator.regression(subset, predictions.values());
    }

    private Evaluation evaluate(Predictions predictions, Table table) {
        if (labels.task().isClassification()) {
            return Evaluator.classification(labels.classes(), labels.classIndices(table, "test data"),
                    predictions.probabilities());
        }
        return Evaluator.regression(labels.values(table, "test data"), predictions.values());
    }

    private void logHistory(String run, TrainedModel model) {
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < model.trainLoss().length; i++) {
            points.add(new MetricPoint("train_loss", model.trainLoss()[i], i));
        }
        for (int i = 0; i < model.validationLoss().length; i++) {
            points.add(new MetricPoint("validation_loss", model.validationLoss()[i], i));
        }
        recorder.logMetrics(run, points);
    }

    // ---- search and cross-validation

    private record SearchOutcome(List<Trial> trials, Trial best, TrainedModel bestModel) {
    }

    private SearchOutcome search() {
        TrainConfig.SearchSpec spec = config.search();
        boolean maximize = spec.maximizes();
        Tuner tuner = Tuner.create(spec.method(), spec.space(), config.seed(), maximize);
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
        TrainedModel bestModel = null;
        String baseName = config.runName() != null ? config.runName() : "trial";
        for (int i = 0; i < spec.trials(); i++) {
            Map<String, Object> suggested = tuner.next(trials);
            if (suggested == null) {
                break;
            }
            Map<String, Object> params = config.algorithm().resolvedWith(suggested);
            String child = recorder.startRun(config.experiment(), runId, baseName + "-" + i,
                    Map.of("mlops4j.trial", Integer.toString(i), "mlops4j.algorithm", algorithm.wireName()));
            Trial trial;
            TrainedModel model = null;
            try {
                recorder.logParams(child, strings(params));
                Map<String, Double> metrics = new TreeMap<>();
                double score;
                if (config.cvFolds() >= 2) {
                    metrics.putAll(crossValidate(params));
                    score = metrics.get("cv_" + spec.metric() + "_mean");
                } else {
                    Prepared main = prepare(-1, split.train());
                    model = fit(params, main, split.train(), split.validation());
                    logHistory(child, model);
                    Evaluation evaluation = evaluate(Predictor.score(model.model(), labels.task(), labels.classes(),
                            main.all().rows(split.validation())), split.validation());
                    metrics.putAll(evaluation.prefixed("validation"));
                    metrics.put("best_iteration", (double) model.bestIteration());
                    score = evaluation.metric(spec.metric());
                }
                recorder.logMetrics(child, metrics.entrySet().stream()
                        .map(e -> new MetricPoint(e.getKey(), e.getValue(), 0)).toList());
                recorder.finishRun(child);
                trial = new Trial(i, suggested, score, metrics, child);
            } catch (RuntimeException | Error e) {
                try {
                    recorder.failRun(child, Trainer.reason(e));
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            trials.add(trial);
            if (Double.isFinite(trial.score()) && (best == null
                    || (maximize ? trial.score() > best.score() : trial.score() < best.score()))) {
                best = trial;
                bestModel = model;
            }
        }
        if (best == null) {
            throw MlopsException.invalidParameter("No trial produced a finite %s", spec.metric());
        }
        recorder.logMetrics(runId, List.of(new MetricPoint("best_" + spec.metric(), best.score(), 0)));
        return new SearchOutcome(trials, best, bestModel);
    }

    /** k-fold cross-validation on the training rows: cv_{metric}_mean and cv_{metric}_std. */
    private Map<String, Double> crossValidate(Map<String, Object> params) {
        int[][] folds = Splits.kFold(split.train(), strata, config.cvFolds(), config.seed());
        Map<String, List<Double>> values = new TreeMap<>();
        for (int f = 0; f < folds.length; f++) {
            int[] held = folds[f];
            int[] fitRows = Splits.minus(split.train(), held);
            Prepared fold = prepare(f, fitRows);
            TrainedModel model = fit(params, fold, fitRows, held);
            Evaluation evaluation = evaluate(Predictor.score(model.model(), labels.task(), labels.classes(),
                    fold.all().rows(held)), held);
            evaluation.metrics().forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        Map<String, Double> out = new TreeMap<>();
        values.forEach((k, list) -> {
            double mean = list.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double variance = list.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(Double.NaN);
            out.put("cv_" + k + "_mean", mean);
            out.put("cv_" + k + "_std", Math.sqrt(variance));
        });
        return out;
    }

    // ---- thresholds

    private ValidationResult gate(Map<String, Double> metrics, Table testTable) {
        if (config.thresholds().isEmpty()) {
            return null;
        }
        Map<String, Double> baseline = null;
        String baselineName = null;
        TrainConfig.BaselineSpec spec = config.baseline();
        if (spec != null && spec.bundle() != null && !spec.bundle().isBlank()) {
            baselineName = spec.bundle();
            baseline = new TreeMap<>();
            try (Predictor champion = Predictor.load(config.resolve(spec.bundle()))) {
                if (split.validation().length > 0) {
                    Table rows = rowsOf(split.validation());
                    baseline.putAll(evaluate(champion.predict(rows), split.validation()).prefixed("validation"));
                }
                if (testTable != null) {
                    baseline.putAll(evaluate(champion.predict(testTable), testTable).prefixed("test"));
                } else if (split.test().length > 0) {
                    baseline.putAll(evaluate(champion.predict(rowsOf(split.test())), split.test()).prefixed("test"));
                }
            }
        } else if (spec != null) {
            baselineName = "configured metrics";
            baseline = spec.metrics();
        }
        ValidationResult result = ModelValidator.validate(metrics, baseline, baselineName, config.thresholds());
        if (baseline != null) {
            recorder.logMetrics(runId, baseline.entrySet().stream()
                    .map(e -> new MetricPoint("baseline_" + e.getKey(), e.getValue(), 0)).toList());
        }
        return result;
    }

    /** The given rows of the training table as a table (the champion's own pipeline transforms them). */
    private Table rowsOf(int[] rows) {
        List<Column> columns = new ArrayList<>();
        for (Column column : train.columns()) {
            columns.add(TableRows.take(column, rows));
        }
        return Table.of(columns);
    }

    // ---- bundle

    private ModelBundle bundle(Task task, FeaturePipeline pipeline, TrainedModel model, Map<String, Object> params,
                               Map<String, Double> metrics, Inputs inputs, Trial best, int trialCount) {
        List<Signature.Field> in = new ArrayList<>();
        List<String> names = pipeline.inputNames();
        List<String> kinds = pipeline.inputKinds();
        for (int i = 0; i < names.size(); i++) {
            in.add(new Signature.Field(names.get(i), kinds.get(i).equals("numeric") ? "double" : "string"));
        }
        List<Signature.Field> out = task.isClassification()
                ? List.of(new Signature.Field("label", "string"), new Signature.Field("probabilities", "double[]"))
                : List.of(new Signature.Field("prediction", "double"));
        ObjectNode lineage = lineage(task, model, params, metrics, inputs, best, trialCount);
        BundleDescriptor descriptor = new BundleDescriptor(BundleDescriptor.FORMAT_VERSION, model.flavor(),
                algorithm.wireName(), task, labels.column(), labels.classes(), "model/" + model.fileName(),
                new Signature(in, out), lineage, Map.of());
        return ModelBundle.create(descriptor, pipeline, model.bytes(), inputExample(names));
    }

    private ObjectNode lineage(Task task, TrainedModel model, Map<String, Object> params, Map<String, Double> metrics,
                               Inputs inputs, Trial best, int trialCount) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode lineage = f.objectNode();
        lineage.set("dataset", dataset(inputs.trainInfo()));
        lineage.set("test_dataset", inputs.testInfo() == null ? f.nullNode() : dataset(inputs.testInfo()));
        lineage.put("code_commit", commit);
        lineage.put("seed", config.seed());
        lineage.put("nthread", config.nthread());
        lineage.put("task", task.wireName());
        lineage.put("algorithm", algorithm.wireName());
        ObjectNode p = lineage.putObject("params");
        params.forEach((k, v) -> p.set(k, valueNode(v)));
        ObjectNode features = lineage.putObject("features");
        features.set("include", textArray(featureSpec.include()));
        features.set("exclude", textArray(featureSpec.exclude()));
        features.put("numeric_impute", lower(featureSpec.numericImpute()));
        if (!Double.isNaN(featureSpec.numericImputeValue())) {
            features.put("numeric_impute_value", featureSpec.numericImputeValue());
        }
        features.put("scaling", lower(featureSpec.scaling()));
        features.put("categorical_impute", lower(featureSpec.categoricalImpute()));
        features.put("categorical_impute_value", featureSpec.categoricalImputeValue());
        features.put("encoding", lower(featureSpec.encoding()));
        features.put("unknown", lower(featureSpec.unknown()));
        ObjectNode s = lineage.putObject("split");
        s.put("validation", config.split().validation());
        s.put("test", inputs.test() != null ? 0.0 : config.split().test());
        s.put("stratify", config.split().stratify());
        s.put("train_rows", split.train().length);
        s.put("validation_rows", split.validation().length);
        s.put("test_rows", inputs.test() != null ? inputs.test().rowCount() : split.test().length);
        if (config.data().positiveClass() != null) {
            lineage.put("positive_class", config.data().positiveClass());
        }
        if (config.search() != null) {
            ObjectNode search = lineage.putObject("search");
            search.put("method", lower(config.search().method()));
            search.put("trials", trialCount);
            search.put("metric", config.search().metric());
            search.put("maximize", config.search().maximizes());
            ObjectNode space = search.putObject("space");
            config.search().space().domains().forEach((name, domain) -> {
                ObjectNode d = space.putObject(name);
                switch (domain) {
                    case org.mlops4j.train.tune.ParamDomain.Choice c -> {
                        ArrayNode values = d.putArray("values");
                        c.values().forEach(v -> values.add(valueNode(v)));
                    }
                    case org.mlops4j.train.tune.ParamDomain.Range r -> {
                        d.put("low", r.low());
                        d.put("high", r.high());
                        d.put("type", r.integer() ? "int" : "float");
                        d.put("log", r.log());
                    }
                }
            });
            search.put("best_trial", best == null ? -1 : best.number());
        }
        lineage.put("cv_folds", config.cvFolds());
        lineage.put("best_iteration", model.bestIteration());
        lineage.put("rounds_trained", model.roundsTrained());
        ObjectNode m = lineage.putObject("metrics");
        metrics.forEach(m::put);
        ObjectNode versions = lineage.putObject("versions");
        String own = Trainer.class.getPackage().getImplementationVersion();
        versions.put("mlops4j", own != null ? own : "dev");
        versions.put("xgboost4j", XgboostTrainer.libraryVersion());
        return lineage;
    }

    private static ObjectNode dataset(DatasetInfo info) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", info.name());
        node.put("digest", info.digest());
        node.put("source", info.source());
        node.put("rows", info.rows());
        return node;
    }

    private static JsonNode valueNode(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Double d) {
            return f.numberNode(d);
        }
        return f.textNode(String.valueOf(v));
    }

    private static ArrayNode textArray(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /** The first rows of the training data in MLflow's split orientation: {"columns": [...], "data": [[...]]}. */
    private JsonNode inputExample(List<String> names) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode node = f.objectNode();
        node.set("columns", textArray(names));
        ArrayNode data = node.putArray("data");
        int rows = Math.min(INPUT_EXAMPLE_ROWS, train.rowCount());
        for (int r = 0; r < rows; r++) {
            ArrayNode row = data.addArray();
            for (String name : names) {
                Column column = train.column(name);
                if (column.isMissing(r)) {
                    row.addNull();
                } else if (column instanceof NumericColumn numeric) {
                    row.add(numeric.value(r));
                } else {
                    row.add(column.text(r));
                }
            }
        }
        return node;
    }

    private void logEvaluationArtifacts(TrainedModel model, Evaluation validation, Evaluation test,
                                        ValidationResult gate) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<Charts.Series> series = new ArrayList<>();
        series.add(new Charts.Series("train", steps(model.trainLoss().length), model.trainLoss()));
        if (model.validationLoss().length > 0) {
            series.add(new Charts.Series("validation", steps(model.validationLoss().length), model.validationLoss()));
        }
        files.put("evaluation/loss_curve.svg", utf8(Charts.loss(model.lossName(), series)));
        evaluationFiles("validation", validation, files);
        evaluationFiles("test", test, files);
        if (gate != null) {
            files.put("evaluation/validation_result.json", CanonicalJson.bytes(gate.toJson()));
        }
        files.forEach((path, bytes) -> recorder.logArtifact(runId, path, bytes));
    }

    private static void evaluationFiles(String name, Evaluation ev, Map<String, byte[]> files) {
        if (ev == null) {
            return;
        }
        String prefix = "evaluation/" + name + "_";
        ObjectNode metricsJson = JsonNodeFactory.instance.objectNode();
        ev.metrics().forEach(metricsJson::put);
        metricsJson.put("rows", ev.rows());
        files.put(prefix + "metrics.json", CanonicalJson.bytes(metricsJson));
        ev.confusionMatrix().ifPresent(cm -> {
            files.put(prefix + "confusion_matrix.json", CanonicalJson.bytes(cm.toJson()));
            files.put(prefix + "confusion_matrix.svg", utf8(Charts.confusion(cm)));
        });
        if (ev.roc() != null) {
            files.put(prefix + "roc_curve.json", CanonicalJson.bytes(ev.roc().toJson()));
            files.put(prefix + "roc_curve.svg", utf8(Charts.roc(ev.roc(), ev.metric("auc_roc"))));
        }
        if (ev.pr() != null) {
            files.put(prefix + "pr_curve.json", CanonicalJson.bytes(ev.pr().toJson()));
            files.put(prefix + "pr_curve.svg", utf8(Charts.pr(ev.pr(), ev.metric("auc_pr"))));
        }
    }

    private static double[] steps(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeOutput(ModelBundle bundle, Path output) {
        try {
            if (Files.isDirectory(output)) {
                boolean empty;
                try (var entries = Files.list(output)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty) {
                    if (!Files.isRegularFile(output.resolve(BundleDescriptor.FILE_NAME))) {
                        throw MlopsException.invalidParameter("Output directory %s is not empty and holds no bundle; "
                                + "refusing to overwrite it", output);
                    }
                    try (var walk = Files.walk(output)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            if (!p.equals(output)) {
                                Files.delete(p);
                            }
                        }
                    }
                }
            }
            bundle.writeTo(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bundle to " + output, e);
        }
    }
}
