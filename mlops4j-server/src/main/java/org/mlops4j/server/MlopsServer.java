package org.mlops4j.server;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.eclipse.jetty.http.UriCompliance;
import org.mlops4j.core.Json;
import org.mlops4j.registry.RegistryService;
import org.mlops4j.registry.store.RegistryEvents;
import org.mlops4j.server.api.GovernanceRoutes;
import org.mlops4j.server.http.ErrorResponses;
import org.mlops4j.server.http.HttpStack;
import org.mlops4j.server.mlflow.ArtifactRoutes;
import org.mlops4j.server.mlflow.LoggedModelRoutes;
import org.mlops4j.server.mlflow.RegistryRoutes;
import org.mlops4j.server.mlflow.TrackingRoutes;
import org.mlops4j.server.serving.EndpointRoutes;
import org.mlops4j.server.serving.ScoringRoutes;
import org.mlops4j.serving.ModelLoader;
import org.mlops4j.serving.ScoringService;
import org.mlops4j.serving.bundle.BundleLoader;
import org.mlops4j.serving.feedback.FeedbackStore;
import org.mlops4j.serving.gateway.ApiKeyService;
import org.mlops4j.serving.metrics.ServingMetrics;
import org.mlops4j.serving.payload.PayloadLoader;
import org.mlops4j.serving.payload.PayloadLog;
import org.mlops4j.serving.payload.PayloadQueries;
import org.mlops4j.serving.route.EndpointService;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.DatabaseUrl;
import org.mlops4j.store.outbox.Outbox;
import org.mlops4j.tracking.LoggedModelService;
import org.mlops4j.tracking.TrackingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform server: opens the stores, wires the services and serves them over HTTP. The only
 * place where modules are put together.
 */
public final class MlopsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MlopsServer.class);
    /** Request bodies (other than streamed artifacts) above this size are refused. */
    private static final long MAX_JSON_REQUEST_BYTES = 64L * 1024 * 1024;
    /** How often the outbox looks for events to deliver to subscribers. */
    private static final long OUTBOX_POLL_MILLIS = 250;
    private static final long PAYLOAD_LOAD_MILLIS = 500;

    private final Deque<AutoCloseable> resources;
    private final Outbox outbox;
    private final Javalin app;

    private MlopsServer(Deque<AutoCloseable> resources, Outbox outbox, Javalin app) {
        this.resources = resources;
        this.outbox = outbox;
        this.app = app;
    }

    /** Starts with the model loader that reads trained model bundles. */
    public static MlopsServer start(ServerConfig config) {
        return start(config, BundleLoader::new);
    }

    /** How the server turns model references into runtimes, given the registry and artifact store. */
    @FunctionalInterface
    public interface LoaderFactory {
        ModelLoader create(RegistryService registry, ArtifactStore artifacts);
    }

    public static MlopsServer start(ServerConfig config, LoaderFactory loaders) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Database database = push(opened, Database.open(config.backendStoreUri()));
            ArtifactStore artifacts = push(opened, ArtifactStores.open(config.artifactsDestination()));
            Clock clock = Clock.systemUTC();
            Outbox outbox = push(opened, new Outbox(database, clock, OUTBOX_POLL_MILLIS));
            TrackingService tracking = TrackingService.onDatabase(database, clock, ArtifactRoutes.PROXY_SCHEME);
            LoggedModelService loggedModels = LoggedModelService.onDatabase(database, tracking, clock);
            RegistryService registry = RegistryService.onDatabase(database, clock, outbox, tracking, artifacts,
                    config.registryPolicy());

            EndpointService endpoints = new EndpointService(database, loaders.create(registry, artifacts), clock);
            PayloadLog payloads = push(opened, new PayloadLog(config.payloadDirectory(), config.payloadQueueCapacity(),
                    config.payloadOverflow(), config.payloadRingDirectory()));
            PayloadLoader payloadLoader = push(opened, new PayloadLoader(database, config.payloadDirectory(), PAYLOAD_LOAD_MILLIS));
            payloadLoader.follow(payloads);
            config.payloadRetention().ifPresent(age -> payloadLoader.expireOlderThan(age, ServerConfig.PAYLOAD_RETENTION_INTERVAL));
            ServingMetrics metrics = new ServingMetrics(payloads, payloadLoader);
            ScoringService scoring = push(opened, new ScoringService(endpoints, payloads, metrics, clock));
            ApiKeyService keys = new ApiKeyService(database, clock);
            endpoints.start();
            // Endpoints that serve models:/name@alias follow the alias when it moves.
            outbox.subscribe("serving-endpoints", event -> {
                if (event.type().equals(RegistryEvents.ALIAS_MOVED) || event.type().equals(RegistryEvents.STAGE_CHANGED)) {
                    endpoints.refreshModel(event.aggregate());
                }
            });

            Javalin app = Javalin.create(c -> {
                HttpStack.apply(c);
                c.jsonMapper(new JavalinJackson(Json.mapper(), false));
                c.http.maxRequestSize = MAX_JSON_REQUEST_BYTES;
                c.router.ignoreTrailingSlashes = true;
                // Let "..", encoded slashes and the like reach the handlers, which refuse them with a
                // JSON 400, instead of being normalised into another route.
                c.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.UNSAFE));
                c.jetty.modifyServletContextHandler(handler -> handler.getServletHandler().setDecodeAmbiguousURIs(true));
                ErrorResponses.install(c.routes);
                c.routes.get("/health", ctx -> ctx.result("OK"));
                c.routes.get("/version", ctx -> ctx.result(Version.current()));
                // Javalin tries routes in registration order: scoring, the hot path, comes first.
                new ScoringRoutes(scoring, keys, metrics).registerPlatform(c.routes);
                for (String api : new String[] {"/api/2.0", "/ajax-api/2.0"}) {
                    new TrackingRoutes(tracking).register(c.routes, api + "/mlflow");
                    new ArtifactRoutes(artifacts, tracking).register(c.routes, api + "/mlflow", api + "/mlflow-artifacts");
                    new LoggedModelRoutes(loggedModels, artifacts).register(c.routes, api + "/mlflow");
                    new RegistryRoutes(registry).register(c.routes, api + "/mlflow");
                    new GovernanceRoutes(registry).register(c.routes, api + "/mlops4j/registry");
                }
                new EndpointRoutes(endpoints, keys, new PayloadQueries(database, payloadLoader), new FeedbackStore(database, clock))
                        .register(c.routes, "/api/2.0/mlops4j");
            }).start(config.host(), config.port());
            opened.push(app::stop);
            LOG.info("mlops4j server on http://{}:{} (metadata: {}, artifacts: {}, payloads: {})", config.host(), app.port(),
                    DatabaseUrl.redact(config.backendStoreUri()), artifacts.rootUri(), config.payloadDirectory());
            return new MlopsServer(opened, outbox, app);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> opened, T resource) {
        opened.push(resource);
        return resource;
    }

    public int port() {
        return app.port();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:5000}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The event log, for subscribers such as pipelines and webhooks. */
    public Outbox events() {
        return outbox;
    }

    /** Stops the HTTP server first, then the rest in reverse order of opening. */
    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("error while closing", e);
            }
        }
    }
}
