package org.mlops4j.server.serving;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlops4j.core.MlopsException;
import org.mlops4j.server.http.Identity;
import org.mlops4j.server.http.JsonRequest;
import org.mlops4j.serving.feedback.FeedbackStore;
import org.mlops4j.serving.gateway.ApiKey;
import org.mlops4j.serving.gateway.ApiKeyService;
import org.mlops4j.serving.gateway.IssuedKey;
import org.mlops4j.serving.payload.PayloadQueries;
import org.mlops4j.serving.route.EndpointConfig;
import org.mlops4j.serving.route.EndpointService;
import org.mlops4j.serving.route.LoadedModel;
import org.mlops4j.serving.route.Routing;
import org.mlops4j.serving.validation.UnknownCategoryPolicy;

/** Endpoint management, API keys and payload queries under {@code /api/2.0/mlops4j}. */
public final class EndpointRoutes {
    private final EndpointService endpoints;
    private final ApiKeyService keys;
    private final PayloadQueries payloads;
    private final FeedbackStore feedback;

    public EndpointRoutes(EndpointService endpoints, ApiKeyService keys, PayloadQueries payloads, FeedbackStore feedback) {
        this.endpoints = endpoints;
        this.keys = keys;
        this.payloads = payloads;
        this.feedback = feedback;
    }

    public void register(RoutesConfig routes, String prefix) {
        String base = prefix + "/endpoints";
        routes.post(base + "/deploy", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            String policy = req.string("unknown_categories");
            EndpointConfig config = new EndpointConfig(req.requiredString("model"), req.string("canary_model"),
                    canaryShare(req), req.string("shadow_model"),
                    policy == null ? UnknownCategoryPolicy.REJECT : policy(policy), req.bool("payload_logging", true),
                    req.int64("max_request_bytes") == null ? 0 : req.int64("max_request_bytes"));
            ctx.json(Map.of("endpoint", describe(req.requiredString("name"),
                    endpoints.deploy(req.requiredString("name"), config, Identity.of(ctx)))));
        });
        routes.post(base + "/rollback", ctx -> {
            String name = JsonRequest.of(ctx).requiredString("name");
            ctx.json(Map.of("endpoint", describe(name, endpoints.rollback(name, Identity.of(ctx)))));
        });
        routes.get(base + "/list", ctx -> ctx.json(Map.of("endpoints",
                endpoints.names().stream().map(n -> describe(n, endpoints.routing(n))).toList())));
        routes.get(base + "/get", ctx -> {
            String name = JsonRequest.of(ctx).requiredString("name");
            ctx.json(Map.of("endpoint", describe(name, endpoints.routing(name))));
        });
        routes.delete(base + "/delete", ctx -> {
            endpoints.delete(JsonRequest.of(ctx).requiredString("name"));
            ctx.json(Map.of());
        });
        routes.post(base + "/api-keys/create", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            String endpoint = req.requiredString("endpoint");
            endpoints.routing(endpoint);
            IssuedKey issued = keys.create(endpoint, req.string("description"), rate(req));
            ctx.json(Map.of("api_key", key(issued.key()), "secret", issued.secret()));
        });
        routes.post(base + "/api-keys/revoke", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            keys.revoke(req.requiredString("endpoint"), req.requiredString("id"));
            ctx.json(Map.of());
        });
        routes.get(base + "/api-keys/list", ctx -> ctx.json(Map.of("api_keys",
                keys.list(JsonRequest.of(ctx).requiredString("endpoint")).stream().map(EndpointRoutes::key).toList())));
        routes.post(base + "/{endpoint}/feedback", ctx -> {
            String endpoint = ctx.pathParam("endpoint");
            endpoints.routing(endpoint);
            com.fasterxml.jackson.databind.JsonNode body = org.mlops4j.core.Json.mapper().readTree(ctx.bodyAsBytes());
            com.fasterxml.jackson.databind.JsonNode records = body.isArray() ? body : body.path("records");
            if (!records.isArray()) {
                throw MlopsException.invalidParameter("Send feedback as {\"records\": [...], \"label_column\": \"...\"}");
            }
            List<com.fasterxml.jackson.databind.JsonNode> list = new java.util.ArrayList<>();
            records.forEach(list::add);
            int stored = feedback.record(endpoint, list, body.path("label_column").asText(null));
            ctx.json(Map.of("stored", stored));
        });
        routes.get(prefix + "/feedback/count", ctx -> {
            String endpoint = JsonRequest.of(ctx).requiredString("endpoint");
            ctx.json(Map.of("endpoint", endpoint, "count", feedback.count(endpoint)));
        });
        routes.get(prefix + "/payloads/count", this::countPayloads);
        routes.get(prefix + "/payloads/search", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            ctx.json(Map.of("records", payloads.recent(req.requiredString("endpoint"), req.int32("max_results", 100))));
        });
    }

    private void countPayloads(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        ctx.json(Map.of("endpoint", req.requiredString("endpoint"), "count",
                payloads.count(req.requiredString("endpoint"), req.string("traffic"))));
    }

    private static double canaryShare(JsonRequest req) {
        String share = req.string("canary_share");
        if (share == null) {
            return 0;
        }
        try {
            return Double.parseDouble(share);
        } catch (NumberFormatException e) {
            throw MlopsException.invalidParameter("canary_share must be a number between 0 and 1, got '%s'", share);
        }
    }

    private static double rate(JsonRequest req) {
        String rate = req.string("requests_per_second");
        try {
            return rate == null ? 0 : Double.parseDouble(rate);
        } catch (NumberFormatException e) {
            throw MlopsException.invalidParameter("requests_per_second must be a number, got '%s'", rate);
        }
    }

    private static UnknownCategoryPolicy policy(String value) {
        try {
            return UnknownCategoryPolicy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MlopsException.invalidParameter("unknown_categories must be REJECT or ALLOW, got '%s'", value);
        }
    }

    private static Map<String, Object> describe(String name, Routing routing) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("model", model(routing.primary()));
        if (routing.canary() != null) {
            out.put("canary", model(routing.canary()));
            out.put("canary_share", routing.config().canaryShare());
        }
        if (routing.shadow() != null) {
            out.put("shadow", model(routing.shadow()));
        }
        out.put("unknown_categories", routing.config().unknownCategories().name());
        out.put("payload_logging", routing.config().payloadLogging());
        out.put("urls", List.of("/endpoints/" + name + "/invocations", "/v2/models/" + name + "/infer",
                "/api/2.0/mlops4j/endpoints/" + name + "/predict"));
        return out;
    }

    private static Map<String, Object> model(LoadedModel model) {
        return Map.of("reference", model.reference(), "model_name", model.runtime().modelName(),
                "model_version", model.runtime().modelVersion());
    }

    private static Map<String, Object> key(ApiKey key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", key.id());
        out.put("endpoint", key.endpoint());
        out.put("prefix", key.prefix());
        out.put("description", key.description());
        out.put("requests_per_second", key.requestsPerSecond());
        out.put("created_at", key.createdAt());
        out.put("revoked_at", key.revokedAt());
        return out;
    }
}
