package org.mlops4j.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.mlops4j.core.Page;
import org.mlops4j.server.http.JsonRequest;
import org.mlops4j.store.artifact.ArtifactPath;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.tracking.LoggedModel;
import org.mlops4j.tracking.LoggedModelService;
import org.mlops4j.tracking.Param;

/** MLflow 3 logged models ({@code /logged-models}), as service.proto declares them. */
public final class LoggedModelRoutes {
    private final LoggedModelService models;
    private final ArtifactStore artifacts;

    public LoggedModelRoutes(LoggedModelService models, ArtifactStore artifacts) {
        this.models = models;
        this.artifacts = artifacts;
    }

    public void register(RoutesConfig routes, String prefix) {
        String base = prefix + "/logged-models";
        routes.post(base, ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            model(ctx, models.create(req.requiredString("experiment_id"), req.string("name"), req.string("model_type"),
                    req.string("source_run_id"), params(req), TrackingRoutes.tags(req)));
        });
        routes.post(base + "/search", this::search);
        routes.get(base + "/{model_id}", ctx -> model(ctx, models.get(ctx.pathParam("model_id"))));
        routes.patch(base + "/{model_id}", ctx -> model(ctx, models.finalizeModel(ctx.pathParam("model_id"),
                JsonRequest.of(ctx).requiredString("status"))));
        routes.delete(base + "/{model_id}", ctx -> {
            models.delete(ctx.pathParam("model_id"));
            TrackingRoutes.empty(ctx);
        });
        routes.patch(base + "/{model_id}/tags", ctx -> model(ctx, models.setTags(ctx.pathParam("model_id"),
                TrackingRoutes.tags(JsonRequest.of(ctx)))));
        routes.delete(base + "/{model_id}/tags/{tag_key}", ctx -> {
            models.deleteTag(ctx.pathParam("model_id"), ctx.pathParam("tag_key"));
            TrackingRoutes.empty(ctx);
        });
        routes.post(base + "/{model_id}/params", ctx -> model(ctx, models.logParams(ctx.pathParam("model_id"),
                params(JsonRequest.of(ctx)))));
        routes.get(base + "/{model_id}/artifacts/directories", this::listArtifacts);
    }

    private void search(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        List<String> orderBy = req.objects("order_by").stream()
                .map(o -> o.requiredString("field_name") + (o.bool("ascending", true) ? " ASC" : " DESC")).toList();
        Page<LoggedModel> page = models.search(req.strings("experiment_ids"), req.string("filter"), orderBy,
                req.int32("max_results", 50), req.string("page_token"));
        ObjectNode body = MlflowJson.object();
        ArrayNode items = body.putArray("models");
        page.items().forEach(m -> items.add(json(m)));
        TrackingRoutes.putToken(body, page);
        ctx.json(body);
    }

    private void listArtifacts(Context ctx) {
        LoggedModel model = models.get(ctx.pathParam("model_id"));
        ArtifactPath relative = ArtifactPath.of(ctx.queryParam("artifact_directory_path"));
        ObjectNode body = MlflowJson.object().put("root_uri", model.artifactLocation());
        ArrayNode files = body.putArray("files");
        Optional<ArtifactPath> root = ArtifactStores.proxiedPath(model.artifactLocation());
        root.ifPresent(r -> artifacts.list(r.resolve(relative)).forEach(entry -> {
            ObjectNode file = files.addObject()
                    .put("path", relative.isRoot() ? entry.path() : relative + "/" + entry.path())
                    .put("is_dir", entry.directory());
            if (!entry.directory()) {
                file.put("file_size", entry.size());
            }
        }));
        ctx.json(body);
    }

    private static List<Param> params(JsonRequest req) {
        return req.objects("params").stream().map(p -> new Param(p.requiredString("key"), p.string("value"))).toList();
    }

    private static void model(Context ctx, LoggedModel model) {
        ObjectNode body = MlflowJson.object();
        body.set("model", json(model));
        ctx.json(body);
    }

    static ObjectNode json(LoggedModel m) {
        ObjectNode node = MlflowJson.object();
        ObjectNode info = node.putObject("info").put("model_id", m.modelId()).put("experiment_id", m.experimentId())
                .put("name", m.name()).put("creation_timestamp_ms", m.creationTimestamp())
                .put("last_updated_timestamp_ms", m.lastUpdatedTimestamp()).put("artifact_uri", m.artifactLocation())
                .put("status", m.status().wireName());
        if (m.modelType() != null) {
            info.put("model_type", m.modelType());
        }
        if (m.sourceRunId() != null) {
            info.put("source_run_id", m.sourceRunId());
        }
        info.set("tags", MlflowJson.tags(m.tags()));
        ObjectNode data = node.putObject("data");
        ArrayNode params = data.putArray("params");
        m.params().forEach(p -> params.addObject().put("key", p.key()).put("value", p.value()));
        data.putArray("metrics");
        return node;
    }
}
