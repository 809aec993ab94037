package org.mlops4j.registry;

import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.registry.store.GovernanceStore;
import org.mlops4j.registry.store.JdbcGovernanceStore;
import org.mlops4j.registry.store.JdbcRegistryStore;
import org.mlops4j.registry.store.RegistryEvents;
import org.mlops4j.registry.store.RegistryStore;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.outbox.Outbox;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.TrackingLimits;
import org.mlops4j.tracking.TrackingService;
import org.mlops4j.tracking.search.OrderBy;
import org.mlops4j.tracking.search.SearchGrammar;

/**
 * The model registry with MLflow's semantics plus governance: protected aliases and stages,
 * approvals, an audit log that also records refused attempts, and model cards. Thread-safe.
 */
public final class RegistryService {
    private static final Pattern ALIAS_NAME = Pattern.compile("^[\\w\\-]+$");
    private static final Pattern RESERVED_ALIAS = Pattern.compile("^(latest|v\\d+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENVIRONMENT = Pattern.compile("^[a-z0-9][a-z0-9_\\-]{0,62}$");
    private static final int MAX_NAME_LENGTH = 256;
    public static final String CODE_COMMIT_TAG = "mlflow.source.git.commit";
    public static final String CODE_SOURCE_TAG = "mlflow.source.name";

    private final RegistryStore store;
    private final GovernanceStore governance;
    private final TrackingService tracking;
    private final ArtifactStore artifacts;
    private final RegistryPolicy policy;

    public RegistryService(RegistryStore store, GovernanceStore governance, TrackingService tracking,
                           ArtifactStore artifacts, RegistryPolicy policy) {
        this.store = store;
        this.governance = governance;
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.policy = policy;
    }

    /** Migrates the registry schema and wires the JDBC stores; events go to {@code outbox}. */
    public static RegistryService onDatabase(Database db, Clock clock, Outbox outbox, TrackingService tracking,
                                             ArtifactStore artifacts, RegistryPolicy policy) {
        db.migrate("registry");
        RegistryEvents events = new RegistryEvents(outbox);
        JdbcRegistryStore store = new JdbcRegistryStore(db, clock, events);
        return new RegistryService(store, new JdbcGovernanceStore(db, clock, events, store), tracking, artifacts, policy);
    }

    public RegistryPolicy policy() {
        return policy;
    }

    // ---------------------------------------------------------------- registered models

    public RegisteredModel createModel(String name, String description, List<Tag> tags, String actor) {
        checkModelName(name);
        tags.forEach(TrackingLimits::checkTag);
        return store.createModel(name, description, tags, actor);
    }

    public RegisteredModel renameModel(String name, String newName, String actor) {
        checkModelName(newName);
        return store.renameModel(requireName(name), newName, actor);
    }

    public RegisteredModel updateModel(String name, String description, String actor) {
        return store.updateModel(requireName(name), description, actor);
    }

    public void deleteModel(String name, String actor) {
        store.deleteModel(requireName(name), actor);
    }

    /** Deletes the model and also the files of every version held in this server's artifact store. */
    public void hardDeleteModel(String name, String actor) {
        store.deleteModel(requireName(name), actor).forEach(this::removeFiles);
    }

    public RegisteredModel getModel(String name) {
        return store.getModel(requireName(name))
                .orElseThrow(() -> MlopsException.notFound("Registered Model with name=%s not found", name));
    }

    public Page<RegisteredModel> searchModels(String filter, List<String> orderBy, int maxResults, String pageToken) {
        TrackingLimits.checkMaxResults(maxResults, 1000);
        return store.searchModels(SearchGrammar.REGISTERED_MODELS.parseFilter(filter), orderBy(SearchGrammar.REGISTERED_MODELS, orderBy),
                maxResults, pageToken);
    }

    public void setModelTag(String name, Tag tag, String actor) {
        TrackingLimits.checkTag(tag);
        store.setModelTag(requireName(name), tag, actor);
    }

    public void deleteModelTag(String name, String key, String actor) {
        store.deleteModelTag(requireName(name), key, actor);
    }

    public List<ModelVersion> latestVersions(String name, List<String> stages) {
        return store.latestVersions(requireName(name), stages.stream().map(ModelStage::parse).toList());
    }

    // ---------------------------------------------------------------- versions

    /**
     * Registers a version from {@code source}: {@code runs:/<run_id>/<path>} (resolved to the run's
     * artifacts), {@code models:/...} (the files of another version), or any artifact URI.
     */
    public ModelVersion createVersion(String name, String source, String runId, String runLink, String description,
                                      List<Tag> tags, String actor) {
        requireName(name);
        if (source == null || source.isBlank()) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'source'");
        }
        tags.forEach(TrackingLimits::checkTag);
        String storage = source;
        String resolvedRun = runId == null || runId.isEmpty() ? null : runId;
        if (source.startsWith("runs:/")) {
            String rest = source.substring("runs:/".length());
            int slash = rest.indexOf('/');
            String sourceRun = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash + 1);
            if (resolvedRun != null && !resolvedRun.equals(sourceRun)) {
                throw MlopsException.invalidParameter("run_id '%s' does not match the run in source '%s'", runId, source);
            }
            resolvedRun = sourceRun;
            Run run = tracking.getRun(sourceRun);
            String artifactPath = org.mlops4j.store.artifact.ArtifactPath.of(path).toString();
            storage = run.info().artifactUri() + (artifactPath.isEmpty() ? "" : "/" + artifactPath);
        } else if (source.startsWith("models:/")) {
            storage = resolve(source).storageLocation();
        } else if (resolvedRun != null) {
            tracking.getRun(resolvedRun);
        }
        return store.createVersion(name, source, storage, resolvedRun, runLink, description, tags, actor);
    }

    public ModelVersion updateVersion(String name, String version, String description, String actor) {
        return store.updateVersion(requireName(name), versionNumber(version), description, actor);
    }

    public ModelVersion getVersion(String name, String version) {
        long number = versionNumber(version);
        return store.getVersion(requireName(name), number)
                .orElseThrow(() -> MlopsException.notFound("Model Version (name=%s, version=%d) not found", name, number));
    }

    public String downloadUri(String name, String version) {
        return getVersion(name, version).storageLocation();
    }

    public Page<ModelVersion> searchVersions(String filter, List<String> orderBy, int maxResults, String pageToken) {
        TrackingLimits.checkMaxResults(maxResults, 200_000);
        return store.searchVersions(SearchGrammar.MODEL_VERSIONS.parseFilter(filter), orderBy(SearchGrammar.MODEL_VERSIONS, orderBy),
                maxResults, pageToken);
    }

    public ModelVersion transitionStage(String name, String version, String stage, boolean archiveExisting,
                                        String actor) {
        ModelStage target = ModelStage.parse(stage);
        long number = versionNumber(version);
        if (archiveExisting && target != ModelStage.STAGING && target != ModelStage.PRODUCTION) {
            throw MlopsException.invalidParameter("archive_existing_versions is only allowed for stages Staging and "
                    + "Production, not %s", target.wireName());
        }
        String environment = policy.environmentForStage(target).orElse(null);
        return audited("transition_model_version_stage", name, number, actor,
                () -> store.transitionStage(requireName(name), number, target, archiveExisting, environment, actor));
    }

    public void deleteVersion(String name, String version, String actor) {
        store.deleteVersion(requireName(name), versionNumber(version), actor);
    }

    /** Removes the version for good, with its files when this server holds them. */
    public void hardDeleteVersion(String name, String version, String actor) {
        removeFiles(store.hardDeleteVersion(requireName(name), versionNumber(version), actor));
    }

    private void removeFiles(String storageLocation) {
        ArtifactStores.proxiedPath(storageLocation).filter(path -> !path.isRoot()).ifPresent(artifacts::delete);
    }

    public void setVersionTag(String name, String version, Tag tag, String actor) {
        TrackingLimits.checkTag(tag);
        store.setVersionTag(requireName(name), versionNumber(version), tag, actor);
    }

    public void deleteVersionTag(String name, String version, String key, String actor) {
        store.deleteVersionTag(requireName(name), versionNumber(version), key, actor);
    }

    // ---------------------------------------------------------------- aliases and references

    public void setAlias(String name, String alias, String version, String actor) {
        checkAlias(alias);
        long number = versionNumber(version);
        String environment = policy.environmentForAlias(alias).orElse(null);
        audited("set_registered_model_alias", name, number, actor, () -> {
            store.setAlias(requireName(name), alias, number, environment, actor);
            return null;
        });
    }

    public void deleteAlias(String name, String alias, String actor) {
        checkAlias(alias);
        store.deleteAlias(requireName(name), alias, actor);
    }

    public ModelVersion versionByAlias(String name, String alias) {
        checkAlias(alias);
        return store.versionByAlias(requireName(name), alias).orElseThrow(() -> MlopsException.invalidParameter(
                "Registered model alias %s not found.", alias));
    }

    /** Resolves {@code models:/...} to a version, the one entry point for every model reference. */
    public ModelVersion resolve(String uri) {
        ModelReference ref = ModelReference.parse(uri);
        return switch (ref.kind()) {
            case VERSION -> getVersion(ref.name(), ref.selector());
            case ALIAS -> store.versionByAlias(ref.name(), ref.selector()).orElseThrow(() -> MlopsException.notFound(
                    "Alias '%s' is not set on model '%s'", ref.selector(), ref.name()));
            // Every version is in some stage, so the newest of the newest-per-stage is the newest of all.
            case LATEST -> store.latestVersions(ref.name(), List.of()).stream()
                    .max(Comparator.comparingLong(ModelVersion::version))
                    .orElseThrow(() -> MlopsException.notFound("Model '%s' has no versions", ref.name()));
            case STAGE -> store.latestVersions(ref.name(), List.of(ModelStage.parse(ref.selector()))).stream().findFirst()
                    .orElseThrow(() -> MlopsException.notFound("Model '%s' has no version in stage %s", ref.name(),
                            ref.selector()));
        };
    }

    // ---------------------------------------------------------------- approvals

    public Approval requestApproval(String name, String version, String environment, String note, String actor) {
        if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
            throw MlopsException.invalidParameter("Invalid environment '%s': use lowercase letters, digits, '-' and '_' "
                    + "(e.g. dev, preprod, prod)", environment);
        }
        return governance.requestApproval(requireName(name), versionNumber(version), environment, note, actor);
    }

    /** Records an approver's decision; refusals (not an approver, own request) are audited too. */
    public Approval decide(long requestId, String decision, String note, String actor) {
        Approval.Status status = switch (decision == null ? "" : decision.toUpperCase(Locale.ROOT)) {
            case "APPROVE", "APPROVED" -> Approval.Status.APPROVED;
            case "REJECT", "REJECTED" -> Approval.Status.REJECTED;
            default -> throw MlopsException.invalidParameter("Invalid decision '%s': use APPROVE or REJECT", decision);
        };
        Approval request = governance.getApproval(requestId);
        return audited("decide_approval", request.name(), request.version(), actor, () -> {
            if (!policy.approvers().contains(actor)) {
                throw new MlopsException(ErrorCode.PERMISSION_DENIED, "User '%s' does not have the approver role"
                        .formatted(actor));
            }
            if (policy.fourEyes() && actor.equals(request.requestedBy())) {
                throw new MlopsException(ErrorCode.PERMISSION_DENIED, "User '%s' requested this approval and cannot "
                        + "also decide it (four-eyes rule)".formatted(actor));
            }
            return governance.decide(requestId, status, note, actor);
        });
    }

    public List<Approval> approvals(String name, String version) {
        return governance.approvals(requireName(name), versionNumber(version));
    }

    public Page<AuditEntry> audit(String name, long fromMillis, long toMillis, int maxResults, String pageToken) {
        TrackingLimits.checkMaxResults(maxResults, 10_000);
        if (fromMillis > toMillis) {
            throw MlopsException.invalidParameter("'from' (%d) is after 'to' (%d)", fromMillis, toMillis);
        }
        return governance.audit(name, fromMillis, toMillis, maxResults, pageToken);
    }

    /** Runs a guarded change; if the registry refuses it, the refusal is written to the audit log. */
    private <T> T audited(String action, String name, long version, String actor, Supplier<T> change) {
        try {
            return change.get();
        } catch (MlopsException e) {
            if (e.code() == ErrorCode.PERMISSION_DENIED || e.code() == ErrorCode.RESOURCE_CONFLICT) {
                governance.recordRefusal(action, name, version, e.getMessage(), actor);
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- model cards

    public ModelCard card(String name, String version) {
        ModelVersion v = getVersion(name, version);
        return new ModelCard(v.name(), v.version(), v.currentStage().wireName(), v.aliases(), v.source(), v.userId(),
                v.creationTimestamp(), v.description(), lineage(v), governance.cardEdits(v.name(), v.version()),
                governance.approvals(v.name(), v.version()));
    }

    public void updateCard(String name, String version, ModelCard.Editable edits, String actor) {
        governance.updateCard(requireName(name), versionNumber(version), edits, actor);
    }

    private ModelCard.Lineage lineage(ModelVersion v) {
        if (v.runId() == null) {
            return new ModelCard.Lineage(null, null, null, Map.of(), Map.of(), List.of(), null, null);
        }
        Optional<Run> run;
        try {
            run = Optional.of(tracking.getRun(v.runId()));
        } catch (MlopsException e) {
            run = Optional.empty(); // the run was deleted for good; the card says what it can
        }
        return run.map(r -> {
            Map<String, String> params = new LinkedHashMap<>();
            r.data().params().stream().sorted(Comparator.comparing(Param::key)).forEach(p -> params.put(p.key(), p.value()));
            Map<String, Double> metrics = new LinkedHashMap<>();
            r.data().metrics().stream().sorted(Comparator.comparing(Metric::key)).forEach(m -> metrics.put(m.key(), m.value()));
            return new ModelCard.Lineage(r.info().runId(), r.info().runName(), r.info().experimentId(), params, metrics,
                    r.inputs(), tag(r, CODE_COMMIT_TAG), tag(r, CODE_SOURCE_TAG));
        }).orElse(new ModelCard.Lineage(v.runId(), null, null, Map.of(), Map.of(), List.of(), null, null));
    }

    private static String tag(Run run, String key) {
        return run.data().tags().stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- validation

    private static List<OrderBy> orderBy(SearchGrammar grammar, List<String> orderBy) {
        return orderBy.stream().map(grammar::parseOrderBy).toList();
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'name'.");
        }
        return name;
    }

    private static void checkModelName(String name) {
        requireName(name);
        if (name.length() > MAX_NAME_LENGTH || name.contains("/") || name.contains("@") || name.isBlank()
                || name.chars().anyMatch(Character::isISOControl)) {
            throw MlopsException.invalidParameter("Invalid model name '%s': at most %d characters, no '/', '@' or "
                    + "control characters (names appear in models:/ URIs).", name, MAX_NAME_LENGTH);
        }
    }

    static void checkAlias(String alias) {
        if (alias == null || alias.isEmpty()) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'alias'.");
        }
        if (alias.length() > 255 || !ALIAS_NAME.matcher(alias).matches()) {
            throw MlopsException.invalidParameter("Invalid alias name '%s'. Aliases may only contain alphanumerics, "
                    + "underscores and dashes, up to 255 characters.", alias);
        }
        if (RESERVED_ALIAS.matcher(alias).matches()) {
            throw MlopsException.invalidParameter("Invalid alias name '%s'. Alias names 'latest' and 'v<number>' are "
                    + "reserved (they already mean a version).", alias);
        }
    }

    static long versionNumber(String version) {
        if (version == null || version.isEmpty()) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'version'.");
        }
        try {
            long number = Long.parseLong(version.trim());
            if (number < 1) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw MlopsException.invalidParameter("Invalid model version '%s': versions are positive integers", version);
        }
    }
}
