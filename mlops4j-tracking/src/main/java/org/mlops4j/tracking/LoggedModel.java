package org.mlops4j.tracking;

import java.util.List;
import java.util.Locale;
import org.mlops4j.core.MlopsException;

/** An MLflow 3 logged model: a model as a first-class entity of an experiment, with its own params and tags. */
public record LoggedModel(String modelId, String experimentId, String name, String artifactLocation,
                          long creationTimestamp, long lastUpdatedTimestamp, Status status, String modelType,
                          String sourceRunId, List<Tag> tags, List<Param> params) {

    public LoggedModel {
        tags = List.copyOf(tags);
        params = List.copyOf(params);
    }

    /** Wire names are MLflow's LOGGED_MODEL_PENDING, ... */
    public enum Status {
        PENDING, READY, UPLOAD_FAILED;

        public String wireName() {
            return "LOGGED_MODEL_" + name();
        }

        public static Status parse(String status) {
            String s = status == null ? "" : status.toUpperCase(Locale.ROOT).replaceFirst("^LOGGED_MODEL_", "");
            try {
                return valueOf(s);
            } catch (IllegalArgumentException e) {
                throw MlopsException.invalidParameter("Invalid logged model status '%s': use LOGGED_MODEL_READY, "
                        + "LOGGED_MODEL_UPLOAD_FAILED or LOGGED_MODEL_PENDING", status);
            }
        }
    }
}
