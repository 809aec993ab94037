package org.mlops4j.serving.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.mlops4j.core.MlopsException;
import org.mlops4j.serving.validation.UnknownCategoryPolicy;

/**
 * What an endpoint serves and how: the primary model, optionally a canary taking a share of the
 * traffic and a shadow receiving a copy of it (answers recorded, never returned).
 *
 * @param canaryShare fraction of requests (0..1) answered by the canary
 * @param maxRequestBytes larger request bodies are refused with 413
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointConfig(String model, String canaryModel, double canaryShare, String shadowModel,
                             UnknownCategoryPolicy unknownCategories, boolean payloadLogging, long maxRequestBytes) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;

    public EndpointConfig {
        if (model == null || model.isBlank()) {
            throw MlopsException.invalidParameter("An endpoint needs a model reference (e.g. models:/credit-risk@champion)");
        }
        if (canaryShare < 0 || canaryShare > 1 || Double.isNaN(canaryShare)) {
            throw MlopsException.invalidParameter("canary_share must be between 0 and 1, got %s", canaryShare);
        }
        if (canaryModel == null && canaryShare > 0) {
            throw MlopsException.invalidParameter("canary_share is %s but no canary model is set", canaryShare);
        }
        if (maxRequestBytes <= 0) {
            maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        }
        if (unknownCategories == null) {
            unknownCategories = UnknownCategoryPolicy.REJECT;
        }
    }

    public static EndpointConfig serving(String model) {
        return new EndpointConfig(model, null, 0, null, UnknownCategoryPolicy.REJECT, true, DEFAULT_MAX_REQUEST_BYTES);
    }
}
