package org.mlops4j.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.mlops4j.core.Page;
import org.mlops4j.registry.ModelVersion;
import org.mlops4j.registry.RegisteredModel;
import org.mlops4j.registry.RegistryService;
import org.mlops4j.server.http.Identity;
import org.mlops4j.server.http.JsonRequest;

/** MLflow's model registry RPCs (model_registry.proto) over HTTP: parse, one service call, encode. */
public final class RegistryRoutes {
    private final RegistryService registry;

    public RegistryRoutes(RegistryService registry) {
        this.registry = registry;
    }

    public void register(RoutesConfig routes, String prefix) {
        String models = prefix + "/registered-models";
        String versions = prefix + "/model-versions";
        routes.post(models + "/create", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            model(ctx, registry.createModel(req.requiredString("name"), req.string("description"), TrackingRoutes.tags(req), Identity.of(ctx)));
        });
        routes.post(models + "/rename", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            model(ctx, registry.renameModel(req.requiredString("name"), req.requiredString("new_name"), Identity.of(ctx)));
        });
        routes.patch(models + "/update", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            model(ctx, registry.updateModel(req.requiredString("name"), req.string("description"), Identity.of(ctx)));
        });
        routes.delete(models + "/delete", ctx -> {
            registry.deleteModel(JsonRequest.of(ctx).requiredString("name"), Identity.of(ctx));
            TrackingRoutes.empty(ctx);
        });
        routes.get(models + "/get", ctx -> model(ctx, registry.getModel(JsonRequest.of(ctx).requiredString("name"))));
        routes.get(models + "/search", this::searchModels);
        routes.post(models + "/search", this::searchModels);
        routes.get(models + "/get-latest-versions", this::latestVersions);
        routes.post(models + "/get-latest-versions", this::latestVersions);
        routes.post(models + "/set-tag", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            registry.setModelTag(req.requiredString("name"), TrackingRoutes.tag(req), Identity.of(ctx));
            TrackingRoutes.empty(ctx);
        });
        routes.delete(models + "/delete-tag", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            registry.deleteModelTag(req.requiredString("name"), req.requiredString("key"), Identity.of(ctx));
            TrackingRoutes.empty(ctx);
        });
        routes.post(models + "/alias", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            registry.setAlias(req.requiredString("name"), req.requiredString("alias"), req.requiredString("version"),
                    Identity.of(ctx));
            TrackingRoutes.empty(ctx);
        });
        routes.delete(models + "/alias", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            registry.deleteAlias(req.requiredString("name"), req.requiredString("alias"), Identity.of(ctx));
            TrackingRoutes.empty(ctx);
        });
        routes.get(models + "/alias", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            version(ctx, registry.versionByAlias(req.requiredString("name"), req.requiredString("alias")));
        });

        routes.post(versions + "/create", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            version(ctx, registry.createVersion(req.requiredString("name"), req.requiredString("source"),
                    req.string("run_id"), req.string("run_link"), req.string("description"), TrackingRoutes.tags(req), Identity.of(ctx)));
        });
        routes.patch(versions + "/update", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            version(ctx, registry.updateVersion(req.requiredString("name"), req.requiredString("version"),
                    req.string("description"), Identity.of(ctx)));
        });
        routes.post(versions + "/transition-stage", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            version(ctx, registry.transitionStage(req.requiredString("name"), req.requiredString("version"),
                    req.requiredString("stage"), req.bool("archive_existing_versions", false), Identity.of(ctx)));
        });
        routes.delete(versions + "/delete", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            registry.deleteVersion(req.requiredString("name"), req.requiredString("version"), Identity.of(ctx));
            TrackingRoutes.empty(ctx);
        });
        routes.get(versions + "/get", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            version(ctx, registry.getVersion(req.requiredString("name"), req.requiredString("version")));
        });
        routes.get(versions + "/get-download-uri", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            ctx.json(MlflowJson.object().put("artifact_uri",
                    registry.downloadUri(req.requiredString("name"), req.requiredString("version"))));
        });
        routes.get(versions + "/search", this::searchVersions);
        routes.post(versions + "/search", this::searchVersions);
        routes.post(versions + "/set-tag", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            registry.setVersionTag(req.requiredString("name"), req.requiredString("version"), TrackingRoutes.tag(req), Identity.of(ctx));
            TrackingRoutes.empty(ctx);
        });
        routes.delete(versions + "/delete-tag", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            registry.deleteVersionTag(req.requiredString("name"), req.requiredString("version"), req.requiredString("key"),
                    Identity.of(ctx));
            TrackingRoutes.empty(ctx);
        });
    }

    private void searchModels(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        Page<RegisteredModel> page = registry.searchModels(req.string("filter"), req.strings("order_by"),
                req.int32("max_results", 100), req.string("page_token"));
        ObjectNode body = MlflowJson.object();
        ArrayNode items = body.putArray("registered_models");
        page.items().forEach(m -> items.add(RegistryJson.registeredModel(m)));
        TrackingRoutes.putToken(body, page);
        ctx.json(body);
    }

    private void searchVersions(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        Page<ModelVersion> page = registry.searchVersions(req.string("filter"), req.strings("order_by"),
                req.int32("max_results", 10_000), req.string("page_token"));
        ObjectNode body = MlflowJson.object();
        ArrayNode items = body.putArray("model_versions");
        page.items().forEach(v -> items.add(RegistryJson.modelVersion(v)));
        TrackingRoutes.putToken(body, page);
        ctx.json(body);
    }

    private void latestVersions(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        List<ModelVersion> latest = registry.latestVersions(req.requiredString("name"), req.strings("stages"));
        ObjectNode body = MlflowJson.object();
        ArrayNode items = body.putArray("model_versions");
        latest.forEach(v -> items.add(RegistryJson.modelVersion(v)));
        ctx.json(body);
    }

    private static void model(Context ctx, RegisteredModel model) {
        ObjectNode body = MlflowJson.object();
        body.set("registered_model", RegistryJson.registeredModel(model));
        ctx.json(body);
    }

    private static void version(Context ctx, ModelVersion version) {
        ObjectNode body = MlflowJson.object();
        body.set("model_version", RegistryJson.modelVersion(version));
        ctx.json(body);
    }
}
