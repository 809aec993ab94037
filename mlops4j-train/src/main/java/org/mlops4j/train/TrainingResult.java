package org.mlops4j.train;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mlops4j.train.bundle.ModelBundle;
import org.mlops4j.train.eval.Evaluation;
import org.mlops4j.train.eval.ValidationResult;
import org.mlops4j.train.predict.Predictor;
import org.mlops4j.train.tune.Trial;

/**
 * What a training produced.
 *
 * @param runId        the tracking run (the parent run when there was a search)
 * @param bundle       the model bundle
 * @param bundleDigest {@link ModelBundle#digest()}: equal for equal data, configuration and seed
 * @param metrics      every final metric logged on the run (validation_*, test_*, cv_*, best_iteration)
 * @param validation   evaluation on the validation rows, or null without them
 * @param test         evaluation on the test rows, or null without them
 * @param trials       the search's trials in order (empty without a search)
 * @param params       the final model's resolved algorithm parameters
 * @param gate         the threshold check, or null when no thresholds were configured
 * @param output       where the bundle was also written, or null
 */
public record TrainingResult(String runId, Task task, List<String> classes, ModelBundle bundle, String bundleDigest,
                             Map<String, Double> metrics, Evaluation validation, Evaluation test, List<Trial> trials,
                             Map<String, Object> params, ValidationResult gate, Path output) {
    public TrainingResult {
        classes = List.copyOf(classes);
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
        trials = List.copyOf(trials);
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** A predictor over the bundle (the same one serving would load). */
    public Predictor predictor() {
        return Predictor.of(bundle);
    }

    /** True when the candidate passed its thresholds, or none were configured. */
    public boolean passed() {
        return gate == null || gate.passed();
    }
}
