package org.mlops4j.tracking;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.mlops4j.core.Ids;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.tracking.search.OrderBy;
import org.mlops4j.tracking.search.SearchGrammar;
import org.mlops4j.tracking.store.ExperimentStore;
import org.mlops4j.tracking.store.JdbcExperimentStore;
import org.mlops4j.tracking.store.JdbcRunStore;
import org.mlops4j.tracking.store.RunStore;

/**
 * Experiment tracking with MLflow's semantics: validates requests, then makes one store call each.
 * Thread-safe.
 */
public final class TrackingService {
    private final ExperimentStore experiments;
    private final RunStore runs;
    private final Clock clock;
    private final String defaultArtifactRoot;

    /**
     * @param defaultArtifactRoot where experiments without an explicit location keep artifacts, e.g.
     *                            {@code mlflow-artifacts:} (served through the artifact proxy)
     */
    public TrackingService(ExperimentStore experiments, RunStore runs, Clock clock, String defaultArtifactRoot) {
        this.experiments = experiments;
        this.runs = runs;
        this.clock = clock;
        this.defaultArtifactRoot = defaultArtifactRoot.endsWith("/") ? defaultArtifactRoot.substring(0,
                defaultArtifactRoot.length() - 1) : defaultArtifactRoot;
        experiments.ensureDefault(clock.millis(), this::defaultLocation);
    }

    /** Migrates the tracking schema and wires the JDBC stores. */
    public static TrackingService onDatabase(Database db, Clock clock, String defaultArtifactRoot) {
        db.migrate("tracking");
        return new TrackingService(new JdbcExperimentStore(db), new JdbcRunStore(db), clock, defaultArtifactRoot);
    }

    private String defaultLocation(long experimentId) {
        return defaultArtifactRoot + "/" + experimentId;
    }

    // ---- experiments

    public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
        TrackingLimits.checkExperimentName(name);
        tags.forEach(TrackingLimits::checkTag);
        if (artifactLocation != null && artifactLocation.isEmpty()) {
            artifactLocation = null;
        }
        if (artifactLocation != null && artifactLocation.contains("#")) {
            throw MlopsException.invalidParameter("Artifact location cannot contain a URL fragment: '%s'", artifactLocation);
        }
        return experiments.create(name, artifactLocation, tags, clock.millis(), this::defaultLocation);
    }

    public Experiment getExperiment(String experimentId) {
        return experiments.get(experimentId)
                .orElseThrow(() -> MlopsException.notFound("No Experiment with id=%s exists", experimentId));
    }

    public Experiment getExperimentByName(String name) {
        return experiments.getByName(name)
                .orElseThrow(() -> MlopsException.notFound("Could not find experiment with name '%s'", name));
    }

    public Page<Experiment> searchExperiments(ViewType viewType, String filter, List<String> orderBy, int maxResults,
                                              String pageToken) {
        TrackingLimits.checkMaxResults(maxResults, TrackingLimits.MAX_SEARCH_EXPERIMENTS);
        List<OrderBy> order = orderBy.stream().map(SearchGrammar.EXPERIMENTS::parseOrderBy).toList();
        return experiments.search(viewType, SearchGrammar.EXPERIMENTS.parseFilter(filter), order, maxResults, pageToken);
    }

    public void renameExperiment(String experimentId, String newName) {
        TrackingLimits.checkExperimentName(newName);
        experiments.rename(experimentId, newName, clock.millis());
    }

    public void deleteExperiment(String experimentId) {
        if (JdbcExperimentStore.DEFAULT_EXPERIMENT_ID.equals(experimentId)) {
            throw MlopsException.invalidParameter("Cannot delete the default experiment '0'. This is an internally "
                    + "reserved experiment.");
        }
        experiments.setLifecycleStage(experimentId, LifecycleStage.DELETED, clock.millis());
    }

    public void restoreExperiment(String experimentId) {
        experiments.setLifecycleStage(experimentId, LifecycleStage.ACTIVE, clock.millis());
    }

    public void setExperimentTag(String experimentId, Tag tag) {
        TrackingLimits.checkTag(tag);
        experiments.setTag(experimentId, tag);
    }

    public void deleteExperimentTag(String experimentId, String key) {
        experiments.deleteTag(experimentId, key);
    }

    // ---- runs

    /**
     * Creates a run in an active experiment. The run name comes from {@code runName}, else from an
     * {@code mlflow.runName} tag, else is generated.
     */
    public Run createRun(String experimentId, String runName, Long startTime, List<Tag> tags, String userId) {
        tags.forEach(TrackingLimits::checkTag);
        Experiment experiment = getExperiment(experimentId == null ? JdbcExperimentStore.DEFAULT_EXPERIMENT_ID : experimentId);
        if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw MlopsException.invalidParameter("The experiment %s must be in the 'active' state. Current state is %s.",
                    experiment.experimentId(), experiment.lifecycleStage().wireName());
        }
        String name = runName;
        if (name == null || name.isEmpty()) {
            name = tags.stream().filter(t -> t.key().equals(JdbcRunStore.RUN_NAME_TAG)).map(Tag::value).findFirst()
                    .orElseGet(RunNames::generate);
        }
        List<Tag> allTags = new java.util.ArrayList<>(tags.stream()
                .filter(t -> !t.key().equals(JdbcRunStore.RUN_NAME_TAG)).toList());
        allTags.add(new Tag(JdbcRunStore.RUN_NAME_TAG, name));
        String user = userId != null ? userId : tags.stream().filter(t -> t.key().equals("mlflow.user")).map(Tag::value)
                .findFirst().orElse(null);
        String runId = Ids.newRunId();
        RunInfo info = new RunInfo(runId, name, experiment.experimentId(), user, RunStatus.RUNNING,
                startTime != null ? startTime : clock.millis(), null,
                experiment.artifactLocation() + "/" + runId + "/artifacts", LifecycleStage.ACTIVE);
        return runs.create(info, allTags);
    }

    public Run getRun(String runId) {
        return runs.get(requireRunId(runId)).orElseThrow(() -> MlopsException.notFound("Run with id=%s not found", runId));
    }

    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        return runs.update(requireRunId(runId), status, endTime, runName);
    }

    public void deleteRun(String runId) {
        runs.setLifecycleStage(requireRunId(runId), LifecycleStage.DELETED, clock.millis());
    }

    public void restoreRun(String runId) {
        runs.setLifecycleStage(requireRunId(runId), LifecycleStage.ACTIVE, clock.millis());
    }

    public void logMetric(String runId, Metric metric) {
        TrackingLimits.checkMetric(metric);
        runs.logMetric(requireRunId(runId), metric);
    }

    public void logParam(String runId, Param param) {
        TrackingLimits.checkParam(param);
        runs.logParam(requireRunId(runId), param);
    }

    public void setTag(String runId, Tag tag) {
        TrackingLimits.checkTag(tag);
        runs.setTag(requireRunId(runId), tag);
    }

    public void deleteTag(String runId, String key) {
        runs.deleteTag(requireRunId(runId), key);
    }

    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        TrackingLimits.checkBatch(metrics, params, tags);
        runs.logBatch(requireRunId(runId), metrics, params, tags);
    }

    public void logInputs(String runId, List<DatasetInput> inputs) {
        for (DatasetInput input : inputs) {
            if (input.dataset() == null || blank(input.dataset().name()) || blank(input.dataset().digest())) {
                throw MlopsException.invalidParameter("A dataset input needs a dataset with a name and a digest");
            }
            input.tags().forEach(TrackingLimits::checkTag);
        }
        runs.logInputs(requireRunId(runId), inputs);
    }

    public Page<Metric> metricHistory(String runId, String key, int maxResults, String pageToken) {
        if (blank(key)) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'metric_key'");
        }
        if (maxResults < 0) {
            throw MlopsException.invalidParameter("Invalid value %d for parameter 'max_results'", maxResults);
        }
        return runs.metricHistory(requireRunId(runId), key, maxResults, pageToken);
    }

    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, List<String> orderBy,
                                int maxResults, String pageToken, boolean infoOnly) {
        TrackingLimits.checkMaxResults(maxResults, TrackingLimits.MAX_SEARCH_RUNS);
        if (experimentIds.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        List<OrderBy> order = orderBy.stream().map(SearchGrammar.RUNS::parseOrderBy).toList();
        return runs.search(experimentIds, SearchGrammar.RUNS.parseFilter(filter), viewType, order, maxResults, pageToken,
                infoOnly);
    }

    private static String requireRunId(String runId) {
        if (blank(runId)) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'run_id'");
        }
        return runId;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Exposed for the artifact proxy: the run's artifact URI, checked to exist. */
    public Optional<String> artifactUri(String runId) {
        return runs.get(requireRunId(runId)).map(r -> r.info().artifactUri());
    }
}
