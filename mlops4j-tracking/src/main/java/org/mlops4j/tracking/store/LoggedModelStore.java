package org.mlops4j.tracking.store;

import java.util.List;
import java.util.Optional;
import org.mlops4j.core.Page;
import org.mlops4j.tracking.LoggedModel;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.search.Filter;
import org.mlops4j.tracking.search.OrderBy;

/** Persistence of MLflow 3 logged models. Every method is one transaction. Thread-safe. */
public interface LoggedModelStore {

    void create(LoggedModel model);

    Optional<LoggedModel> get(String modelId);

    void setStatus(String modelId, LoggedModel.Status status, long now);

    /** Soft delete: the model disappears from reads and searches. */
    void delete(String modelId, long now);

    void setTags(String modelId, List<Tag> tags, long now);

    void deleteTag(String modelId, String key, long now);

    /** Params are immutable, as on runs: a different value for a logged key is refused. */
    void logParams(String modelId, List<Param> params, long now);

    Page<LoggedModel> search(List<String> experimentIds, Optional<Filter> filter, List<OrderBy> orderBy, int maxResults,
                             String pageToken);
}
