package org.mlops4j.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.mlops4j.core.MlopsException;
import org.mlops4j.server.http.JsonRequest;
import org.mlops4j.store.artifact.ArtifactEntry;
import org.mlops4j.store.artifact.ArtifactPath;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.tracking.TrackingService;

/**
 * MLflow's artifact proxy ({@code mlflow_artifacts.proto}) and the run artifact listing. Bodies are
 * streamed both ways: an upload goes from the socket to the store without being held in memory.
 */
public final class ArtifactRoutes {
    /** Run artifact URIs under this scheme are served by this server's artifact store. */
    public static final String PROXY_SCHEME = ArtifactStores.PROXY_SCHEME;
    private static final String ARTIFACTS = "/artifacts";

    private final ArtifactStore store;
    private final TrackingService tracking;

    public ArtifactRoutes(ArtifactStore store, TrackingService tracking) {
        this.store = store;
        this.tracking = tracking;
    }

    /** {@code trackingPrefix} e.g. /api/2.0/mlflow; {@code proxyPrefix} e.g. /api/2.0/mlflow-artifacts. */
    public void register(RoutesConfig routes, String trackingPrefix, String proxyPrefix) {
        routes.get(trackingPrefix + "/artifacts/list", this::listRunArtifacts);
        routes.get(proxyPrefix + ARTIFACTS, this::listProxied);
        routes.get(proxyPrefix + ARTIFACTS + "/<path>", this::download);
        routes.put(proxyPrefix + ARTIFACTS + "/<path>", this::upload);
        routes.delete(proxyPrefix + ARTIFACTS + "/<path>", ctx -> {
            store.delete(path(ctx.pathParam("path")));
            ctx.json(MlflowJson.object());
        });
        routes.post(proxyPrefix + "/mpu/create/<path>", ctx -> createMultipart(ctx, proxyPrefix));
        routes.put(proxyPrefix + "/mpu/upload/<path>", this::uploadPart);
        routes.post(proxyPrefix + "/mpu/complete/<path>", this::completeMultipart);
        routes.post(proxyPrefix + "/mpu/abort/<path>", ctx -> {
            JsonRequest req = JsonRequest.of(ctx);
            store.abortMultipart(path(ctx.pathParam("path")), req.requiredString("upload_id"));
            ctx.json(MlflowJson.object());
        });
    }

    private static ArtifactPath path(String raw) {
        return ArtifactPath.of(raw);
    }

    private void listRunArtifacts(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        String runId = TrackingRoutes.runId(req);
        String artifactUri = tracking.artifactUri(runId)
                .orElseThrow(() -> MlopsException.notFound("Run with id=%s not found", runId));
        ArtifactPath relative = ArtifactPath.of(req.string("path"));
        ObjectNode body = MlflowJson.object().put("root_uri", artifactUri);
        ArrayNode files = body.putArray("files");
        Optional<ArtifactPath> root = ArtifactStores.proxiedPath(artifactUri);
        if (root.isPresent()) {
            for (ArtifactEntry entry : store.list(root.get().resolve(relative))) {
                String full = relative.isRoot() ? entry.path() : relative + "/" + entry.path();
                addFile(files, full, entry);
            }
        }
        ctx.json(body);
    }

    private void listProxied(Context ctx) {
        ArtifactPath dir = path(ctx.queryParam("path"));
        ObjectNode body = MlflowJson.object();
        ArrayNode files = body.putArray("files");
        store.list(dir).forEach(entry -> addFile(files, entry.path(), entry));
        ctx.json(body);
    }

    private static void addFile(ArrayNode files, String path, ArtifactEntry entry) {
        ObjectNode file = files.addObject().put("path", path).put("is_dir", entry.directory());
        if (!entry.directory()) {
            file.put("file_size", entry.size());
        }
    }

    private void download(Context ctx) {
        ArtifactPath path = path(ctx.pathParam("path"));
        long size = store.size(path);
        InputStream content = store.open(path);
        ctx.header("Content-Disposition", "attachment; filename=\""
                + URLEncoder.encode(path.name(), StandardCharsets.UTF_8) + "\"");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("application/octet-stream");
        if (size >= 0) {
            ctx.header("Content-Length", Long.toString(size));
        }
        ctx.disableCompression();
        ctx.result(content);
    }

    private void upload(Context ctx) throws java.io.IOException {
        ArtifactPath path = path(ctx.pathParam("path"));
        store.put(path, ctx.req().getInputStream(), ctx.req().getContentLengthLong());
        ctx.json(MlflowJson.object());
    }

    private void createMultipart(Context ctx, String proxyPrefix) {
        JsonRequest req = JsonRequest.of(ctx);
        ArtifactPath path = path(ctx.pathParam("path"));
        int parts = req.int32("num_parts", 0);
        if (parts < 1 || parts > 10_000) {
            throw MlopsException.invalidParameter("num_parts must be between 1 and 10000, got %d", parts);
        }
        String uploadId = store.startMultipart(path);
        ObjectNode body = MlflowJson.object().put("upload_id", uploadId);
        ArrayNode credentials = body.putArray("credentials");
        String base = ctx.scheme() + "://" + ctx.host() + proxyPrefix + "/mpu/upload/" + path;
        for (int part = 1; part <= parts; part++) {
            credentials.addObject().put("part_number", part)
                    .put("url", base + "?upload_id=" + uploadId + "&part_number=" + part)
                    .putObject("headers");
        }
        ctx.json(body);
    }

    private void uploadPart(Context ctx) throws java.io.IOException {
        ArtifactPath path = path(ctx.pathParam("path"));
        String partNumber = ctx.queryParam("part_number");
        if (partNumber == null || !partNumber.matches("\\d{1,5}")) {
            throw MlopsException.invalidParameter("Query parameter 'part_number' must be a number from 1 to 10000, got '%s'",
                    partNumber);
        }
        String etag = store.putPart(path, ctx.queryParam("upload_id"), Integer.parseInt(partNumber),
                ctx.req().getInputStream(), ctx.req().getContentLengthLong());
        ctx.header("ETag", etag);
        ctx.json(MlflowJson.object().put("etag", etag));
    }

    private void completeMultipart(Context ctx) {
        JsonRequest req = JsonRequest.of(ctx);
        List<Integer> parts = req.objects("parts").stream().map(p -> p.int32("part_number", 0)).toList();
        store.completeMultipart(path(ctx.pathParam("path")), req.requiredString("upload_id"), parts);
        ctx.json(MlflowJson.object());
    }
}
