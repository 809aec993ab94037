package org.mlops4j.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.server.http.JsonRequest;
import org.mlops4j.tracking.DatasetInput;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.LoggedDataset;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.TrackingService;
import org.mlops4j.tracking.ViewType;

/**
 * MLflow's tracking RPCs (service.proto) over HTTP. Each handler parses, makes one service call and
 * encodes; no logic lives here.
 */
public final class TrackingRoutes {
    /** MLflow refuses log-batch requests above 1 MB. */
    static final long MAX_BATCH_REQUEST_BYTES = 1024 * 1024;
    private final TrackingService tracking;

    public TrackingRoutes(TrackingService tracking) {
        this.tracking = tracking;
    }

    /** Registers every route under {@code prefix}, e.g. {@code /api/2.0/mlflow}. */
    public void register(RoutesConfig routes, String prefix) {
        routes.post(prefix + "/experiments/create", this::createExperiment);
        routes.get(prefix + "/experiments/get", ctx -> ctx.json(wrap("experiment",
                MlflowJson.experiment(tracking.getExperiment(JsonRequest.of(ctx).requiredString("experiment_id"))))));
        routes.get(prefix + "/experiments/get-by-name", ctx -> ctx.json(wrap("experiment",
                MlflowJson.experiment(tracking.getExperimentByName(JsonRequest.of(ctx).requiredString("experiment_name"))))));
        routes.get(prefix + "/experiments/search", this::searchExperiments);
        routes.post(prefix + "/experiments/search", this::searchExperiments);
        routes.post(prefix + "/experiments/delete", ctx -> {
            tracking.deleteExperiment(JsonRequest.of(ctx).requiredString("experiment_id"));
            empty(ctx);
        });
        routes.post(prefix + "/experiments/restore", ctx -> {
            tracking.restoreExperiment(JsonRequest.of(ctx).requiredString("experiment_id"));
            empty(ctx);
        });
        routes.post(prefix + "/experiments/update", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            tracking.renameExperiment(req.requiredString("experiment_id"), req.requiredString("new_name"));
            empty(ctx);
        });
        routes.post(prefix + "/experiments/set-experiment-tag", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            tracking.setExperimentTag(req.requiredString("experiment_id"), tag(req));
            empty(ctx);
        });
        routes.post(prefix + "/experiments/delete-experiment-tag", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            tracking.deleteExperimentTag(req.requiredString("experiment_id"), req.requiredString("key"));
            empty(ctx);
        });

        routes.post(prefix + "/runs/create", this::createRun);
        routes.get(prefix + "/runs/get", ctx -> ctx.json(wrap("run", MlflowJson.run(tracking.getRun(runId(JsonRequest.of(ctx)))))));
        routes.post(prefix + "/runs/update", this::updateRun);
        routes.post(prefix + "/runs/delete", ctx -> {
            tracking.deleteRun(runId(JsonRequest.of(ctx)));
            empty(ctx);
        });
        routes.post(prefix + "/runs/restore", ctx -> {
            tracking.restoreRun(runId(JsonRequest.of(ctx)));
            empty(ctx);
        });
        routes.post(prefix + "/runs/log-metric", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            tracking.logMetric(runId(req), metric(req));
            empty(ctx);
        });
        routes.post(prefix + "/runs/log-parameter", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            tracking.logParam(runId(req), new Param(req.requiredString("key"), req.string("value")));
            empty(ctx);
        });
        routes.post(prefix + "/runs/set-tag", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            tracking.setTag(runId(req), tag(req));
            empty(ctx);
        });
        routes.post(prefix + "/runs/delete-tag", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            tracking.deleteTag(runId(req), req.requiredString("key"));
            empty(ctx);
        });
        routes.post(prefix + "/runs/log-batch", this::logBatch);
        routes.post(prefix + "/runs/log-inputs", this::logInputs);
        routes.post(prefix + "/runs/search", this::searchRuns);
        routes.get(prefix + "/metrics/get-history", this::metricHistory);
    }

    private void createExperiment(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        String id = tracking.createExperiment(req.requiredString("name"), req.string("artifact_location"), tags(req));
        ctx.json(MlflowJson.object().put("experiment_id", id));
    }

    private void searchExperiments(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        Page<Experiment> page = tracking.searchExperiments(viewType(req, "view_type"), req.string("filter"),
                req.strings("order_by"), req.int32("max_results", 1000), req.string("page_token"));
        ObjectNode body = MlflowJson.object();
        ArrayNode experiments = body.putArray("experiments");
        page.items().forEach(e -> experiments.add(MlflowJson.experiment(e)));
        putToken(body, page);
        ctx.json(body);
    }

    private void createRun(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        Run run = tracking.createRun(req.requiredString("experiment_id"), req.string("run_name"), req.int64("start_time"),
                tags(req), req.string("user_id"));
        ctx.json(wrap("run", MlflowJson.run(run)));
    }

    private void updateRun(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        String status = req.string("status");
        RunStatus parsed = null;
        if (status != null) {
            try {
                parsed = RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw MlopsException.invalidParameter("Invalid run status '%s'; valid: RUNNING, SCHEDULED, FINISHED, "
                        + "FAILED, KILLED", status);
            }
        }
        ctx.json(wrap("run_info", MlflowJson.runInfo(tracking.updateRun(runId(req), parsed, req.int64("end_time"),
                req.string("run_name")))));
    }

    private void logBatch(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx, MAX_BATCH_REQUEST_BYTES);
        List<Metric> metrics = req.objects("metrics").stream().map(TrackingRoutes::metric).toList();
        List<Param> params = req.objects("params").stream()
                .map(p -> new Param(p.requiredString("key"), p.string("value"))).toList();
        tracking.logBatch(runId(req), metrics, params, tags(req));
        empty(ctx);
    }

    private void logInputs(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        List<DatasetInput> inputs = req.objects("datasets").stream().map(input -> {
            JsonRequest d = input.object("dataset");
            if (d == null) {
                throw MlopsException.invalidParameter("Missing value for required parameter 'dataset' in datasets");
            }
            LoggedDataset dataset = new LoggedDataset(d.requiredString("name"), d.requiredString("digest"),
                    d.string("source_type"), d.string("source"), d.jsonText("schema"), d.jsonText("profile"));
            return new DatasetInput(tags(input), dataset);
        }).toList();
        tracking.logInputs(runId(req), inputs);
        empty(ctx);
    }

    private void searchRuns(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        Page<Run> page = tracking.searchRuns(req.strings("experiment_ids"), req.string("filter"),
                viewType(req, "run_view_type"), req.strings("order_by"), req.int32("max_results", 1000),
                req.string("page_token"), req.bool("run_info_only", false));
        ctx.contentType(ContentType.APPLICATION_JSON);
        RunJsonWriter.write(ctx.outputStream(), g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("runs");
            for (Run run : page.items()) {
                RunJsonWriter.run(g, run);
            }
            g.writeEndArray();
            if (page.nextPageToken() != null) {
                g.writeStringField("next_page_token", page.nextPageToken());
            }
            g.writeEndObject();
        });
    }

    private void metricHistory(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        Page<Metric> page = tracking.metricHistory(runId(req), req.string("metric_key"), req.int32("max_results", 0),
                req.string("page_token"));
        ObjectNode body = MlflowJson.object();
        body.set("metrics", MlflowJson.metrics(page.items()));
        putToken(body, page);
        ctx.json(body);
    }

    private static Metric metric(JsonRequest req) {
        Long step = req.int64("step");
        return new Metric(req.requiredString("key"), req.requiredDouble("value"), req.requiredInt64("timestamp"),
                step == null ? 0 : step);
    }

    static Tag tag(JsonRequest req) {
        return new Tag(req.requiredString("key"), req.string("value"));
    }

    static List<Tag> tags(JsonRequest req) {
        return req.objects("tags").stream().map(TrackingRoutes::tag).toList();
    }

    static String runId(JsonRequest req) {
        String runId = req.string("run_id");
        if (runId == null || runId.isEmpty()) {
            runId = req.string("run_uuid"); // the deprecated name older clients send
        }
        if (runId == null || runId.isEmpty()) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'run_id'.");
        }
        return runId;
    }

    private static ViewType viewType(JsonRequest req, String name) {
        String value = req.string(name);
        if (value == null) {
            return ViewType.ACTIVE_ONLY;
        }
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "1", "ACTIVE_ONLY" -> ViewType.ACTIVE_ONLY;
            case "2", "DELETED_ONLY" -> ViewType.DELETED_ONLY;
            case "3", "ALL" -> ViewType.ALL;
            default -> throw MlopsException.invalidParameter("Invalid value '%s' for parameter '%s': use ACTIVE_ONLY, "
                    + "DELETED_ONLY or ALL", value, name);
        };
    }

    static void putToken(ObjectNode body, Page<?> page) {
        if (page.nextPageToken() != null) {
            body.put("next_page_token", page.nextPageToken());
        }
    }

    private static ObjectNode wrap(String name, ObjectNode value) {
        ObjectNode node = MlflowJson.object();
        node.set(name, value);
        return node;
    }

    static void empty(Context ctx) {
        ctx.json(MlflowJson.object());
    }
}
