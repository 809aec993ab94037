package org.mlops4j.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.registry.Approval;
import org.mlops4j.registry.AuditEntry;
import org.mlops4j.registry.ModelCard;
import org.mlops4j.registry.ModelCardRenderer;
import org.mlops4j.registry.RegistryService;
import org.mlops4j.server.http.Identity;
import org.mlops4j.server.http.JsonRequest;

/**
 * Governance beyond MLflow, under {@code /api/2.0/mlops4j/registry}: approvals, the audit log,
 * model cards, hard deletes and model-reference resolution. Thin over {@link RegistryService}.
 */
public final class GovernanceRoutes {
    /** Records as snake_case JSON, like the MLflow API beside it. */
    private static final ObjectMapper SNAKE = Json.mapper().copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final RegistryService registry;

    public GovernanceRoutes(RegistryService registry) {
        this.registry = registry;
    }

    public void register(RoutesConfig routes, String prefix) {
        routes.post(prefix + "/approvals/request", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            json(ctx, Map.of("approval", registry.requestApproval(req.requiredString("name"), req.requiredString("version"),
                    req.requiredString("environment"), req.string("comment"), Identity.of(ctx))));
        });
        routes.post(prefix + "/approvals/decide", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            Approval decided = registry.decide(req.requiredInt64("request_id"), req.requiredString("decision"),
                    req.string("comment"), Identity.of(ctx));
            json(ctx, Map.of("approval", decided));
        });
        routes.get(prefix + "/approvals/list", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            json(ctx, Map.of("approvals", registry.approvals(req.requiredString("name"), req.requiredString("version"))));
        });
        routes.get(prefix + "/audit", this::audit);
        routes.get(prefix + "/model-cards/get", this::card);
        routes.patch(prefix + "/model-cards/update", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            registry.updateCard(req.requiredString("name"), req.requiredString("version"), new ModelCard.Editable(
                    req.string("intended_use"), req.string("limitations"), req.string("owner"), null, null),
                    Identity.of(ctx));
            json(ctx, Map.of("model_card", registry.card(req.requiredString("name"), req.requiredString("version"))));
        });
        routes.delete(prefix + "/model-versions/hard-delete", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            registry.hardDeleteVersion(req.requiredString("name"), req.requiredString("version"), Identity.of(ctx));
            json(ctx, Map.of());
        });
        routes.delete(prefix + "/registered-models/hard-delete", ctx -> {
            registry.hardDeleteModel(JsonRequest.of(ctx).requiredString("name"), Identity.of(ctx));
            json(ctx, Map.of());
        });
        routes.get(prefix + "/models/resolve", ctx -> json(ctx,
                Map.of("model_version", registry.resolve(JsonRequest.of(ctx).requiredString("uri")))));
    }

    private void audit(Context ctx) throws Exception {
        JsonRequest req = JsonRequest.of(ctx);
        Long from = req.int64("from");
        Long to = req.int64("to");
        Page<AuditEntry> page = registry.audit(req.string("name"), from == null ? 0 : from,
                to == null ? Long.MAX_VALUE : to, req.int32("max_results", 1000), req.string("page_token"));
        json(ctx, page.nextPageToken() == null ? Map.of("entries", page.items())
                : Map.of("entries", page.items(), "next_page_token", page.nextPageToken()));
    }

    private void card(Context ctx) throws Exception {
        JsonRequest req = JsonRequest.of(ctx);
        ModelCard card = registry.card(req.requiredString("name"), req.requiredString("version"));
        String format = req.string("format");
        switch (format == null ? "json" : format) {
            case "json" -> json(ctx, Map.of("model_card", card));
            case "markdown", "md" -> ctx.contentType("text/markdown; charset=utf-8").result(ModelCardRenderer.markdown(card));
            case "html" -> ctx.html(ModelCardRenderer.html(card));
            default -> throw MlopsException.invalidParameter("Invalid format '%s': use json, markdown or html", format);
        }
    }

    private static void json(Context ctx, Object body) throws Exception {
        ctx.contentType("application/json").result(SNAKE.writeValueAsString(body));
    }
}
