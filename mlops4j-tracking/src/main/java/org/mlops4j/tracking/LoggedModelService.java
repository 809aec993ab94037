package org.mlops4j.tracking;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.tracking.search.SearchGrammar;
import org.mlops4j.tracking.store.JdbcLoggedModelStore;
import org.mlops4j.tracking.store.LoggedModelStore;

/** MLflow 3 logged models: create, finalize, get, delete, search, tags and params. Thread-safe. */
public final class LoggedModelService {
    private final LoggedModelStore store;
    private final TrackingService tracking;
    private final Clock clock;

    public LoggedModelService(LoggedModelStore store, TrackingService tracking, Clock clock) {
        this.store = store;
        this.tracking = tracking;
        this.clock = clock;
    }

    /** Wires the JDBC store; the tracking schema (which holds these tables) must be migrated already. */
    public static LoggedModelService onDatabase(Database db, TrackingService tracking, Clock clock) {
        return new LoggedModelService(new JdbcLoggedModelStore(db), tracking, clock);
    }

    /** Creates a PENDING model in an active experiment; its files go under the experiment's artifact location. */
    public LoggedModel create(String experimentId, String name, String modelType, String sourceRunId, List<Param> params,
                              List<Tag> tags) {
        Experiment experiment = tracking.getExperiment(experimentId);
        if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw MlopsException.invalidParameter("The experiment %s must be in the 'active' state.", experimentId);
        }
        if (sourceRunId != null && !sourceRunId.isEmpty()) {
            tracking.getRun(sourceRunId);
        }
        params.forEach(TrackingLimits::checkParam);
        tags.forEach(TrackingLimits::checkTag);
        String modelId = "m-" + UUID.randomUUID().toString().replace("-", "");
        long now = clock.millis();
        LoggedModel model = new LoggedModel(modelId, experiment.experimentId(),
                name == null || name.isEmpty() ? RunNames.generate() : name,
                experiment.artifactLocation() + "/models/" + modelId + "/artifacts", now, now, LoggedModel.Status.PENDING,
                modelType, sourceRunId == null || sourceRunId.isEmpty() ? null : sourceRunId, tags, params);
        store.create(model);
        return get(modelId);
    }

    public LoggedModel get(String modelId) {
        return store.get(requireId(modelId))
                .orElseThrow(() -> MlopsException.notFound("Logged model with ID '%s' not found", modelId));
    }

    /** MLflow's finalize: the upload ended, well or badly. */
    public LoggedModel finalizeModel(String modelId, String status) {
        LoggedModel.Status parsed = LoggedModel.Status.parse(status);
        if (parsed == LoggedModel.Status.PENDING) {
            throw MlopsException.invalidParameter("A logged model is finalized as LOGGED_MODEL_READY or "
                    + "LOGGED_MODEL_UPLOAD_FAILED, not PENDING");
        }
        store.setStatus(requireId(modelId), parsed, clock.millis());
        return get(modelId);
    }

    public void delete(String modelId) {
        store.delete(requireId(modelId), clock.millis());
    }

    public LoggedModel setTags(String modelId, List<Tag> tags) {
        tags.forEach(TrackingLimits::checkTag);
        store.setTags(requireId(modelId), tags, clock.millis());
        return get(modelId);
    }

    public void deleteTag(String modelId, String key) {
        store.deleteTag(requireId(modelId), key, clock.millis());
    }

    public LoggedModel logParams(String modelId, List<Param> params) {
        params.forEach(TrackingLimits::checkParam);
        store.logParams(requireId(modelId), params, clock.millis());
        return get(modelId);
    }

    public Page<LoggedModel> search(List<String> experimentIds, String filter, List<String> orderBy, int maxResults,
                                    String pageToken) {
        TrackingLimits.checkMaxResults(maxResults, 1000);
        if (experimentIds.isEmpty()) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'experiment_ids'.");
        }
        return store.search(experimentIds, SearchGrammar.LOGGED_MODELS.parseFilter(filter),
                orderBy.stream().map(SearchGrammar.LOGGED_MODELS::parseOrderBy).toList(), maxResults, pageToken);
    }

    private static String requireId(String modelId) {
        if (modelId == null || modelId.isBlank()) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'model_id'.");
        }
        return modelId;
    }
}
