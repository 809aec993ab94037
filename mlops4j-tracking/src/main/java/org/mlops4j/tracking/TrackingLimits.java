package org.mlops4j.tracking;

import java.util.List;
import java.util.regex.Pattern;
import org.mlops4j.core.MlopsException;

/** MLflow's validation rules and limits (mlflow/utils/validation.py), checked before anything is written. */
public final class TrackingLimits {
    public static final int MAX_BATCH_METRICS = 1000;
    public static final int MAX_BATCH_PARAMS = 100;
    public static final int MAX_BATCH_TAGS = 100;
    public static final int MAX_BATCH_TOTAL = 1000;
    public static final int MAX_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    public static final int MAX_SEARCH_RUNS = 50_000;
    public static final int MAX_SEARCH_EXPERIMENTS = 50_000;

    private static final Pattern VALID_KEY = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);

    private TrackingLimits() {
    }

    /** Metric, param and tag names: may become file names, so they must not name another path. */
    public static void checkKey(String kind, String key) {
        if (key == null || key.isEmpty()) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'key' of %s", kind);
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw MlopsException.invalidParameter("%s name '%s...' had length %d, which exceeded length limit of %d",
                    kind, key.substring(0, 50), key.length(), MAX_KEY_LENGTH);
        }
        if (!hasValidCharacters(key)) {
            throw MlopsException.invalidParameter("Invalid %s name: '%s'. Names may only contain alphanumerics, "
                    + "underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).", kind, key);
        }
        if (key.startsWith("/") || key.endsWith("/") || key.contains("//") || key.equals(".") || key.equals("..")
                || key.startsWith("./") || key.startsWith("../") || key.contains("/./") || key.contains("/../")
                || key.endsWith("/.") || key.endsWith("/..")) {
            throw MlopsException.invalidParameter("Invalid %s name: '%s'. Names may be treated as files in certain "
                    + "cases, and must not resolve to other names when treated as such.", kind, key);
        }
    }

    /**
     * {@link #VALID_KEY}, with ASCII names (nearly all) checked without the regex: matching it took
     * a twentieth of a 1,000-metric log-batch.
     */
    private static boolean hasValidCharacters(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 0x80) {
                return VALID_KEY.matcher(key).matches();
            }
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '/' || c == '.' || c == '-' || c == ' ' || c == ':';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    public static void checkParam(Param param) {
        checkKey("param", param.key());
        if (param.value() == null) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'value' of param '%s'", param.key());
        }
        if (param.value().length() > MAX_PARAM_VALUE_LENGTH) {
            throw MlopsException.invalidParameter("Param value '%s...' had length %d, which exceeded length limit of %d",
                    param.value().substring(0, 50), param.value().length(), MAX_PARAM_VALUE_LENGTH);
        }
    }

    public static void checkTag(Tag tag) {
        checkKey("tag", tag.key());
        if (tag.value() != null && tag.value().length() > MAX_TAG_VALUE_LENGTH) {
            throw MlopsException.invalidParameter("Tag value '%s...' had length %d, which exceeded length limit of %d",
                    tag.value().substring(0, 50), tag.value().length(), MAX_TAG_VALUE_LENGTH);
        }
    }

    public static void checkMetric(Metric metric) {
        checkKey("metric", metric.key());
    }

    public static void checkBatch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
        if (metrics.size() > MAX_BATCH_METRICS) {
            throw tooMany("metrics", metrics.size(), MAX_BATCH_METRICS);
        }
        if (params.size() > MAX_BATCH_PARAMS) {
            throw tooMany("params", params.size(), MAX_BATCH_PARAMS);
        }
        if (tags.size() > MAX_BATCH_TAGS) {
            throw tooMany("tags", tags.size(), MAX_BATCH_TAGS);
        }
        int total = metrics.size() + params.size() + tags.size();
        if (total > MAX_BATCH_TOTAL) {
            throw tooMany("metrics, params and tags in total", total, MAX_BATCH_TOTAL);
        }
        metrics.forEach(TrackingLimits::checkMetric);
        params.forEach(TrackingLimits::checkParam);
        tags.forEach(TrackingLimits::checkTag);
    }

    private static MlopsException tooMany(String what, int count, int limit) {
        return MlopsException.invalidParameter("A batch logging request can contain at most %d %s. Got %d %s. "
                + "Please split up into multiple requests.", limit, what, count, what);
    }

    public static void checkExperimentName(String name) {
        if (name == null || name.isBlank()) {
            throw MlopsException.invalidParameter("Invalid experiment name: '%s'. Experiment name cannot be empty.",
                    name == null ? "" : name);
        }
        if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
            throw MlopsException.invalidParameter("Experiment name exceeds the maximum length of %d characters",
                    MAX_EXPERIMENT_NAME_LENGTH);
        }
    }

    public static void checkMaxResults(int maxResults, int limit) {
        if (maxResults < 1 || maxResults > limit) {
            throw MlopsException.invalidParameter("Invalid value %d for parameter 'max_results' supplied. It must be "
                    + "between 1 and %d.", maxResults, limit);
        }
    }
}
