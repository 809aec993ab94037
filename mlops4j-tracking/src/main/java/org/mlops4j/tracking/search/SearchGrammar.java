package org.mlops4j.tracking.search;

import static org.mlops4j.tracking.search.Filter.Entity.ATTRIBUTE;
import static org.mlops4j.tracking.search.Filter.Entity.DATASET;
import static org.mlops4j.tracking.search.Filter.Entity.METRIC;
import static org.mlops4j.tracking.search.Filter.Entity.PARAM;
import static org.mlops4j.tracking.search.Filter.Entity.TAG;

import java.util.Optional;

/**
 * MLflow's search filter and order_by grammars, one constant per searchable resource. Filters are
 * {@code <entity>.<key> <op> <value>} clauses joined by AND and, as our extension, OR and parentheses
 * (AND binds tighter). Keys are returned canonical: attribute aliases such as {@code run_uuid} become
 * {@code run_id}; metric, param and tag names lose their quotes. Every syntax or validation problem
 * raises {@link org.mlops4j.core.MlopsException} with {@code INVALID_PARAMETER_VALUE} and a message naming
 * the problem and its 0-based character position. Instances are immutable and thread-safe.
 */
public final class SearchGrammar {
    private static final String[] METRICS = {"metrics", "metric"};
    private static final String[] PARAMS = {"params", "param", "parameter", "parameters"};
    private static final String[] TAGS = {"tags", "tag"};
    private static final String[] RUN_ATTRIBUTES = {"attributes", "attribute", "attr", "run"};
    private static final String[] ATTRIBUTES = {"attributes", "attribute", "attr"};
    private static final String[] DATASETS = {"datasets", "dataset"};

    /** Runs: metrics.*, params.*, tags.*, attributes (bare or prefixed), datasets.{name,digest,context}. */
    public static final SearchGrammar RUNS = new SearchGrammar("RUNS",
            EntityRules.builder("run search")
                    .entity(EntityRule.anyKey(METRIC, "metric", KeyRule.NUMERIC), METRICS)
                    .entity(EntityRule.anyKey(PARAM, "param", KeyRule.TEXT), PARAMS)
                    .entity(EntityRule.anyKey(TAG, "tag", KeyRule.TEXT), TAGS)
                    .bareAndPrefixed(EntityRule.fixedKeys(ATTRIBUTE, "attribute")
                            .key("run_id", KeyRule.TEXT_OR_LIST, "run_uuid", "id")
                            .key("run_name", KeyRule.TEXT_OR_LIST, "run name")
                            .key("user_id", KeyRule.TEXT_OR_LIST)
                            .key("status", KeyRule.TEXT_OR_LIST)
                            .key("artifact_uri", KeyRule.TEXT_OR_LIST)
                            .key("lifecycle_stage", KeyRule.TEXT_OR_LIST)
                            .key("start_time", KeyRule.NUMERIC, "created")
                            .key("end_time", KeyRule.NUMERIC)
                            .build(), RUN_ATTRIBUTES)
                    .entity(EntityRule.fixedKeys(DATASET, "dataset field")
                            .key("name", KeyRule.TEXT_OR_LIST)
                            .key("digest", KeyRule.TEXT_OR_LIST)
                            .key("context", KeyRule.TEXT_OR_LIST)
                            .build(), DATASETS)
                    .build(),
            EntityRules.builder("run order_by")
                    .entity(EntityRule.anyKey(METRIC, "metric", KeyRule.SORT_ONLY), METRICS)
                    .entity(EntityRule.anyKey(PARAM, "param", KeyRule.SORT_ONLY), PARAMS)
                    .entity(EntityRule.anyKey(TAG, "tag", KeyRule.SORT_ONLY), TAGS)
                    .bareAndPrefixed(sortKeys("user_id", "status", "artifact_uri", "lifecycle_stage", "end_time")
                            .key("run_id", KeyRule.SORT_ONLY, "run_uuid", "id")
                            .key("run_name", KeyRule.SORT_ONLY, "run name")
                            .key("start_time", KeyRule.SORT_ONLY, "created")
                            .build(), RUN_ATTRIBUTES)
                    .build());

    /** Experiments: name, creation_time, last_update_time, experiment_id (bare or prefixed), tags.*. */
    public static final SearchGrammar EXPERIMENTS = new SearchGrammar("EXPERIMENTS",
            EntityRules.builder("experiment search")
                    .bareAndPrefixed(EntityRule.fixedKeys(ATTRIBUTE, "attribute")
                            .key("name", KeyRule.TEXT)
                            .key("experiment_id", KeyRule.IDENTIFIER)
                            .key("creation_time", KeyRule.NUMERIC)
                            .key("last_update_time", KeyRule.NUMERIC)
                            .build(), ATTRIBUTES)
                    .entity(EntityRule.anyKey(TAG, "tag", KeyRule.TEXT), TAGS)
                    .build(),
            EntityRules.builder("experiment order_by")
                    .bareAndPrefixed(sortKeys("name", "experiment_id", "creation_time", "last_update_time").build(),
                            ATTRIBUTES)
                    .build());

    /** Registered models: name (bare or prefixed), tags.*. */
    public static final SearchGrammar REGISTERED_MODELS = new SearchGrammar("REGISTERED_MODELS",
            EntityRules.builder("registered model search")
                    .bareAndPrefixed(EntityRule.fixedKeys(ATTRIBUTE, "attribute")
                            .key("name", KeyRule.TEXT)
                            .build(), ATTRIBUTES)
                    .entity(EntityRule.anyKey(TAG, "tag", KeyRule.TEXT), TAGS)
                    .build(),
            EntityRules.builder("registered model order_by")
                    .bareAndPrefixed(sortKeys("name", "creation_timestamp")
                            .key("last_updated_timestamp", KeyRule.SORT_ONLY, "timestamp")
                            .build(), ATTRIBUTES)
                    .build());

    /** Model versions: name, version_number, run_id, source_path (bare or prefixed), tags.*. */
    public static final SearchGrammar MODEL_VERSIONS = new SearchGrammar("MODEL_VERSIONS",
            EntityRules.builder("model version search")
                    .bareAndPrefixed(EntityRule.fixedKeys(ATTRIBUTE, "attribute")
                            .key("name", KeyRule.TEXT)
                            .key("version_number", KeyRule.NUMERIC)
                            .key("run_id", KeyRule.IDENTIFIER)
                            .key("source_path", KeyRule.TEXT)
                            .build(), ATTRIBUTES)
                    .entity(EntityRule.anyKey(TAG, "tag", KeyRule.TEXT), TAGS)
                    .build(),
            EntityRules.builder("model version order_by")
                    .bareAndPrefixed(sortKeys("name", "version_number", "creation_timestamp",
                            "last_updated_timestamp").build(), ATTRIBUTES)
                    .build());

    /**
     * MLflow 3 logged models: name, model_id, model_type, status, source_run_id, the timestamps
     * (bare or prefixed), params.*, tags.*.
     */
    public static final SearchGrammar LOGGED_MODELS = new SearchGrammar("LOGGED_MODELS",
            EntityRules.builder("logged model search")
                    .bareAndPrefixed(EntityRule.fixedKeys(ATTRIBUTE, "attribute")
                            .key("name", KeyRule.TEXT_OR_LIST)
                            .key("model_id", KeyRule.TEXT_OR_LIST)
                            .key("model_type", KeyRule.TEXT_OR_LIST)
                            .key("status", KeyRule.TEXT_OR_LIST)
                            .key("source_run_id", KeyRule.TEXT_OR_LIST)
                            .key("creation_timestamp", KeyRule.NUMERIC)
                            .key("last_updated_timestamp", KeyRule.NUMERIC)
                            .build(), ATTRIBUTES)
                    .entity(EntityRule.anyKey(PARAM, "param", KeyRule.TEXT), PARAMS)
                    .entity(EntityRule.anyKey(TAG, "tag", KeyRule.TEXT), TAGS)
                    .build(),
            EntityRules.builder("logged model order_by")
                    .bareAndPrefixed(sortKeys("name", "model_id", "model_type", "status", "source_run_id",
                            "creation_timestamp", "last_updated_timestamp").build(), ATTRIBUTES)
                    .build());

    private final String name;
    private final EntityRules filterRules;
    private final EntityRules orderByRules;

    private SearchGrammar(String name, EntityRules filterRules, EntityRules orderByRules) {
        this.name = name;
        this.filterRules = filterRules;
        this.orderByRules = orderByRules;
    }

    private static EntityRule.FixedKeys sortKeys(String... keys) {
        EntityRule.FixedKeys builder = EntityRule.fixedKeys(ATTRIBUTE, "attribute");
        for (String key : keys) {
            builder.key(key, KeyRule.SORT_ONLY);
        }
        return builder;
    }

    /**
     * Parses a filter such as {@code metrics.rmse < 0.5 AND (params.model = 'cnn' OR tags.team LIKE 'a%')}.
     *
     * @return empty for a null, empty or blank filter
     */
    public Optional<Filter> parseFilter(String filter) {
        if (filter == null || filter.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(FilterParser.parse(filterRules, filter));
    }

    /**
     * Parses one order_by entry such as {@code "metrics.rmse DESC"}, {@code "params.`a b` ASC"} or
     * {@code "start_time"} (bare keys are attributes); ascending unless {@code DESC} is given.
     */
    public OrderBy parseOrderBy(String orderBy) {
        return OrderByParser.parse(orderByRules, orderBy);
    }

    /** The constant's name, e.g. {@code RUNS}. */
    @Override
    public String toString() {
        return name;
    }
}
