package org.mlops4j.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.schema.ColumnSchema;
import org.mlops4j.server.Version;
import org.mlops4j.server.http.ErrorResponses;
import org.mlops4j.serving.Scored;
import org.mlops4j.serving.ScoringService;
import org.mlops4j.serving.gateway.ApiKeyService;
import org.mlops4j.serving.metrics.ServingMetrics;
import org.mlops4j.serving.protocol.MlflowRequestDecoder;
import org.mlops4j.serving.protocol.RequestBodies;
import org.mlops4j.serving.protocol.OipRequestDecoder;
import org.mlops4j.serving.protocol.RawColumns;
import org.mlops4j.serving.route.Routing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scoring over HTTP: MLflow's {@code /invocations}, the Open Inference Protocol v2 and a native
 * JSON API, on the platform server (one route set per endpoint name) or on a standalone scoring
 * server (one endpoint at the root). Each request: API key and rate limit, size limit, decode,
 * score, wait for the payload journal, answer in the protocol's own format.
 */
public final class ScoringRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringRoutes.class);
    private static final long PAYLOAD_WAIT_SECONDS = 30;
    private final ScoringService scoring;
    private final ApiKeyService keys;
    private final ServingMetrics metrics;

    private enum Protocol { MLFLOW, OIP, NATIVE }

    public ScoringRoutes(ScoringService scoring, ApiKeyService keys, ServingMetrics metrics) {
        this.scoring = scoring;
        this.keys = keys;
        this.metrics = metrics;
    }

    /** Routes for every endpoint of the platform, addressed by name. */
    public void registerPlatform(RoutesConfig routes) {
        routes.post("/endpoints/{endpoint}/invocations", ctx -> invoke(ctx, ctx.pathParam("endpoint"), Protocol.MLFLOW));
        routes.get("/endpoints/{endpoint}/ping", ctx -> ping(ctx, ctx.pathParam("endpoint")));
        routes.get("/endpoints/{endpoint}/health", ctx -> ping(ctx, ctx.pathParam("endpoint")));
        routes.post("/api/2.0/mlops4j/endpoints/{endpoint}/predict", ctx -> invoke(ctx, ctx.pathParam("endpoint"), Protocol.NATIVE));
        registerOip(routes, null);
        routes.get("/metrics", this::metrics);
    }

    /** Routes of a standalone scoring server for one endpoint, at the root as MLflow serves them. */
    public void registerStandalone(RoutesConfig routes, String endpoint) {
        routes.post("/invocations", ctx -> invoke(ctx, endpoint, Protocol.MLFLOW));
        routes.get("/ping", ctx -> ping(ctx, endpoint));
        routes.get("/health", ctx -> ping(ctx, endpoint));
        routes.get("/version", ctx -> ctx.result(Version.current()));
        routes.post("/predict", ctx -> invoke(ctx, endpoint, Protocol.NATIVE));
        registerOip(routes, endpoint);
        routes.get("/metrics", this::metrics);
    }

    /** OIP model names are endpoint names; a standalone server also answers to its model's name. */
    private void registerOip(RoutesConfig routes, String onlyEndpoint) {
        routes.get("/v2", ctx -> ctx.json(Map.of("name", "mlops4j", "version", Version.current(), "extensions", java.util.List.of())));
        routes.get("/v2/health/live", ctx -> ctx.json(Map.of("live", true)));
        routes.get("/v2/health/ready", ctx -> {
            boolean ready = onlyEndpoint != null ? scoring.endpoints().isLive(onlyEndpoint)
                    : scoring.endpoints().names().stream().allMatch(scoring.endpoints()::isLive);
            ctx.status(ready ? 200 : 400).json(Map.of("ready", ready));
        });
        for (String base : new String[] {"/v2/models/{model}", "/v2/models/{model}/versions/{version}"}) {
            routes.get(base, ctx -> oipMetadata(ctx, endpointFor(ctx, onlyEndpoint)));
            routes.get(base + "/ready", ctx -> oipReady(ctx, endpointFor(ctx, onlyEndpoint)));
            routes.post(base + "/infer", ctx -> invoke(ctx, endpointFor(ctx, onlyEndpoint), Protocol.OIP));
        }
    }

    private String endpointFor(Context ctx, String onlyEndpoint) {
        return onlyEndpoint != null ? onlyEndpoint : ctx.pathParam("model");
    }

    private void ping(Context ctx, String endpoint) {
        if (scoring.endpoints().isLive(endpoint)) {
            ctx.result("\n");
        } else {
            ctx.status(404).result("\n");
        }
    }

    private void metrics(Context ctx) throws IOException {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        metrics.write(out);
        ctx.result(out.toByteArray());
    }

    private void invoke(Context ctx, String endpoint, Protocol protocol) {
        long start = System.nanoTime();
        metrics.started(endpoint);
        int status = 200;
        String version = "none";
        try {
            if (keys.required(endpoint)) {
                keys.authorize(endpoint, presentedKey(ctx));
            }
            Routing routing = scoring.endpoints().routing(endpoint);
            checkModelVersion(ctx, routing, protocol);
            byte[] body = body(ctx, routing.config().maxRequestBytes());
            String requestId = ctx.header("X-Request-Id");
            String oipId = null;
            Scored scored = switch (protocol) {
                case MLFLOW -> mlflow(ctx, endpoint, body, requestId);
                case OIP -> {
                    JsonNode json = RequestBodies.tree(body);
                    oipId = OipRequestDecoder.requestId(json);
                    RawColumns input = OipRequestDecoder.decode(json, routing.primary().runtime().signature().columns()
                            .stream().map(ColumnSchema::name).toList());
                    // BYTES tensors carry numbers as text (a mixed-type row must be BYTES), so text is parsed.
                    yield scoring.score(endpoint, input, true, false, oipId != null ? oipId : requestId);
                }
                case NATIVE -> {
                    // {"inputs": rows or columns, "explain": bool}; a bare list of rows works too.
                    JsonNode json = RequestBodies.tree(body);
                    JsonNode inputs = json.isObject() && json.has("inputs") ? json.get("inputs") : json;
                    RawColumns input = MlflowRequestDecoder.decodeJson(Json.mapper().createObjectNode().set("inputs", inputs));
                    yield scoring.score(endpoint, input, false, json.path("explain").asBoolean(false), requestId);
                }
            };
            awaitPayload(scored);
            version = scored.modelVersion();
            ctx.header("X-Request-Id", scored.requestId());
            ctx.header("X-Model-Version", scored.modelName() + "/" + scored.modelVersion());
            writeJson(ctx, switch (protocol) {
                case MLFLOW -> ScoringResponses.mlflow(scored);
                case OIP -> ScoringResponses.oip(scored, endpoint, oipId);
                case NATIVE -> ScoringResponses.predictions(scored);
            });
        } catch (UnsupportedMediaType e) {
            status = 415;
            ctx.status(415).contentType("text/plain").result(e.getMessage());
        } catch (MlopsException e) {
            status = e instanceof TooLarge ? 413 : ErrorResponses.status(e.code());
            if (e instanceof ApiKeyService.RateLimited limited) {
                ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
            }
            error(ctx, protocol, status, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            LOG.error("scoring failed on endpoint {}", endpoint, e);
            error(ctx, protocol, 500, ErrorCode.INTERNAL_ERROR, "Internal error while scoring");
        } finally {
            metrics.finished(endpoint, version, status, (System.nanoTime() - start) / 1e9);
        }
    }

    private Scored mlflow(Context ctx, String endpoint, byte[] body, String requestId) {
        // The raw header: Jetty's parsed content type throws on charsets it does not know.
        String header = ctx.header("Content-Type");
        String contentType = header == null ? "" : header.toLowerCase(Locale.ROOT);
        String media = contentType.split(";")[0].trim();
        if (contentType.contains("charset") && !contentType.replace(" ", "").contains("charset=utf-8")) {
            throw new UnsupportedMediaType("Unsupported charset in content type '" + header + "': only utf-8");
        }
        return switch (media) {
            case "application/json" -> scoring.score(endpoint, MlflowRequestDecoder.decodeJson(body), false,
                    false, requestId);
            case "text/csv" -> scoring.score(endpoint, MlflowRequestDecoder.decodeCsv(new String(body, StandardCharsets.UTF_8)),
                    true, false, requestId);
            default -> throw new UnsupportedMediaType("This predictor only supports the following content types: "
                    + "Types: ['text/csv', 'application/json']. Got '" + header + "'.");
        };
    }

    /** OIP requests may name a version; it must be the one serving. */
    private static void checkModelVersion(Context ctx, Routing routing, Protocol protocol) {
        if (protocol == Protocol.OIP && ctx.pathParamMap().containsKey("version")
                && !ctx.pathParam("version").equals(routing.primary().runtime().modelVersion())) {
            throw new MlopsException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Version %s is not served here; version %s is"
                    .formatted(ctx.pathParam("version"), routing.primary().runtime().modelVersion()));
        }
    }

    private void awaitPayload(Scored scored) {
        try {
            scored.logged().get(PAYLOAD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Answering without the record would break the promise that an answer implies a record.
            throw new MlopsException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Could not record the payload; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlopsException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Interrupted");
        }
    }

    private static String presentedKey(Context ctx) {
        String header = ctx.header("X-API-Key");
        if (header != null) {
            return header;
        }
        String authorization = ctx.header("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }

    /**
     * The body, read into an array of its declared length. Javalin's reader grows a 32-byte array
     * through a fresh 8 KB scratch buffer for every request: the largest allocation of a scored
     * request. Only a small body's array is allocated before its bytes arrive, so that a client
     * cannot make the server hold megabytes by declaring them; a larger or chunked body grows as
     * it is read, up to one byte past the endpoint's limit.
     */
    private static byte[] body(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit || declared > MAX_ARRAY_BYTES) {
            throw new TooLarge(declared, limit);
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] body;
            int read;
            if (declared >= 0 && declared <= PREALLOCATED_BODY_BYTES) {
                body = new byte[(int) declared];
                read = in.readNBytes(body, 0, body.length);
            } else {
                body = in.readNBytes((int) (declared >= 0 ? declared : Math.min(limit + 1, MAX_ARRAY_BYTES)));
                read = body.length;
            }
            if (read < declared) {
                throw new MlopsException(ErrorCode.BAD_REQUEST, ("The request body ended after %d of the %d bytes of its "
                        + "Content-Length").formatted(read, declared));
            }
            if (body.length > limit) {
                throw new TooLarge(body.length, limit);
            }
            return body;
        } catch (IOException e) {
            throw new MlopsException(ErrorCode.BAD_REQUEST, "Could not read the request body: " + e.getMessage());
        }
    }

    private void oipMetadata(Context ctx, String endpoint) {
        try {
            Routing routing = scoring.endpoints().routing(endpoint);
            checkModelVersion(ctx, routing, Protocol.OIP);
            java.util.List<Map<String, Object>> inputs = routing.primary().runtime().signature().columns().stream()
                    .map(c -> Map.<String, Object>of("name", c.name(), "datatype", oipType(c), "shape", java.util.List.of(-1)))
                    .toList();
            ctx.json(Map.of("name", endpoint, "versions", java.util.List.of(routing.primary().runtime().modelVersion()),
                    "platform", "mlops4j", "inputs", inputs,
                    "outputs", java.util.List.of(Map.of("name", "predict", "datatype", "BYTES", "shape", java.util.List.of(-1)))));
        } catch (MlopsException e) {
            error(ctx, Protocol.OIP, ErrorResponses.status(e.code()), e.code(), e.getMessage());
        }
    }

    private void oipReady(Context ctx, String endpoint) {
        boolean ready = scoring.endpoints().isLive(endpoint);
        ctx.status(ready ? 200 : 400).json(Map.of("name", endpoint, "ready", ready));
    }

    private static String oipType(ColumnSchema column) {
        return switch (column.type()) {
            case NUMERIC -> "FP64";
            case BOOLEAN -> "BOOL";
            default -> "BYTES";
        };
    }

    /** MLflow and native errors are {"error_code","message"}; OIP's are {"error"}. */
    /**
     * Writes an answer straight to the response, with its length (a write larger than Jetty
     * gathers would otherwise commit the response chunked). Handed to Javalin as a result, it was
     * copied through a new buffer per request ({@link org.mlops4j.server.http.HttpStack#RESPONSE_COPY_BYTES}),
     * still the largest allocation of a scoring request (13% of its bytes in JFR's allocation
     * samples); fewer bytes mean fewer young collections, whose pauses the p99 latency feels.
     */
    private static void writeJson(Context ctx, byte[] answer) {
        ctx.contentType("application/json");
        ctx.res().setContentLength(answer.length);
        try {
            ctx.outputStream().write(answer);
        } catch (IOException e) {
            // The client has gone: there is no one left to answer.
            LOG.debug("answer not delivered: {}", e.toString());
        }
    }

    private static void error(Context ctx, Protocol protocol, int status, ErrorCode code, String message) {
        if (protocol == Protocol.OIP) {
            ctx.status(status).json(Map.of("error", message));
        } else {
            ErrorResponses.write(ctx, status, status == 400 && code == ErrorCode.INVALID_PARAMETER_VALUE
                    ? ErrorCode.BAD_REQUEST.name() : code.name(), message);
        }
    }

    private static final class UnsupportedMediaType extends RuntimeException {
        UnsupportedMediaType(String message) {
            super(message, null, false, false);
        }
    }

    /** The largest array the JVM reliably allocates. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    /** Bodies up to this size get their array before their bytes arrive. */
    private static final int PREALLOCATED_BODY_BYTES = 64 * 1024;

    private static final class TooLarge extends MlopsException {
        TooLarge(long size, long limit) {
            super(ErrorCode.INVALID_PARAMETER_VALUE, "Request body of %d bytes exceeds this endpoint's limit of %d bytes"
                    .formatted(size, limit));
        }
    }
}
