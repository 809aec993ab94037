package org.mlops4j.tracking.store;

import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.mlops4j.core.Page;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.ViewType;
import org.mlops4j.tracking.search.Filter;
import org.mlops4j.tracking.search.OrderBy;

/** Persistence of experiments. Implementations are thread-safe and every method is one transaction. */
public interface ExperimentStore {

    /**
     * Creates an experiment; {@code artifactLocation} may be null, in which case
     * {@code defaultLocation} computes it from the new id.
     *
     * @return the new experiment's id
     * @throws org.mlops4j.core.MlopsException RESOURCE_ALREADY_EXISTS if the name is taken
     */
    String create(String name, String artifactLocation, List<Tag> tags, long now, LongFunction<String> defaultLocation);

    /** Creates experiment "0" named Default if it does not exist yet. */
    void ensureDefault(long now, LongFunction<String> defaultLocation);

    Optional<Experiment> get(String experimentId);

    Optional<Experiment> getByName(String name);

    Page<Experiment> search(ViewType viewType, Optional<Filter> filter, List<OrderBy> orderBy, int maxResults,
                            String pageToken);

    void rename(String experimentId, String newName, long now);

    void setLifecycleStage(String experimentId, LifecycleStage stage, long now);

    void setTag(String experimentId, Tag tag);

    /** @throws org.mlops4j.core.MlopsException RESOURCE_DOES_NOT_EXIST if no such tag */
    void deleteTag(String experimentId, String key);
}
