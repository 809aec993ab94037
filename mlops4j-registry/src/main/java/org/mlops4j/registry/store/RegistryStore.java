package org.mlops4j.registry.store;

import java.util.List;
import java.util.Optional;
import org.mlops4j.core.Page;
import org.mlops4j.registry.ModelStage;
import org.mlops4j.registry.ModelVersion;
import org.mlops4j.registry.RegisteredModel;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.search.Filter;
import org.mlops4j.tracking.search.OrderBy;

/**
 * Persistence of registered models, versions, tags and aliases. Every mutating method is one
 * transaction that also appends its audit row and its events, and takes the acting user.
 * Soft-deleted versions are invisible to every read. Thread-safe.
 */
public interface RegistryStore {

    RegisteredModel createModel(String name, String description, List<Tag> tags, String actor);

    RegisteredModel renameModel(String name, String newName, String actor);

    RegisteredModel updateModel(String name, String description, String actor);

    /** Removes the model and all its versions (as MLflow does); returns the versions' storage locations. */
    List<String> deleteModel(String name, String actor);

    Optional<RegisteredModel> getModel(String name);

    Page<RegisteredModel> searchModels(Optional<Filter> filter, List<OrderBy> orderBy, int maxResults, String pageToken);

    void setModelTag(String name, Tag tag, String actor);

    void deleteModelTag(String name, String key, String actor);

    /** Newest READY version in each of the given stages (all stages when empty). */
    List<ModelVersion> latestVersions(String name, List<ModelStage> stages);

    ModelVersion createVersion(String name, String source, String storageLocation, String runId, String runLink,
                               String description, List<Tag> tags, String actor);

    ModelVersion updateVersion(String name, long version, String description, String actor);

    /**
     * Moves a version to a stage. With {@code archiveExisting}, other versions in that stage move
     * to Archived in the same transaction. When {@code requiredApproval} is not null, the version
     * must hold an approval for that environment, checked inside the transaction.
     */
    ModelVersion transitionStage(String name, long version, ModelStage stage, boolean archiveExisting,
                                 String requiredApproval, String actor);

    /** Soft delete, as MLflow: the number is never reused; aliases on it are removed. */
    void deleteVersion(String name, long version, String actor);

    /** Removes the version's rows for good; returns its storage location so the caller can remove files. */
    String hardDeleteVersion(String name, long version, String actor);

    Optional<ModelVersion> getVersion(String name, long version);

    Page<ModelVersion> searchVersions(Optional<Filter> filter, List<OrderBy> orderBy, int maxResults, String pageToken);

    void setVersionTag(String name, long version, Tag tag, String actor);

    void deleteVersionTag(String name, long version, String key, String actor);

    /** Points an alias at a version (moving it if set); {@code requiredApproval} as for stages. */
    void setAlias(String name, String alias, long version, String requiredApproval, String actor);

    void deleteAlias(String name, String alias, String actor);

    Optional<ModelVersion> versionByAlias(String name, String alias);
}
