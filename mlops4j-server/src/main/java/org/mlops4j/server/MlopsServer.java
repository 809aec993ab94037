package org.mlops4j.server;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import org.eclipse.jetty.http.UriCompliance;
import org.mlops4j.core.Json;
import org.mlops4j.registry.RegistryService;
import org.mlops4j.server.api.GovernanceRoutes;
import org.mlops4j.server.http.ErrorResponses;
import org.mlops4j.server.mlflow.ArtifactRoutes;
import org.mlops4j.server.mlflow.LoggedModelRoutes;
import org.mlops4j.server.mlflow.RegistryRoutes;
import org.mlops4j.server.mlflow.TrackingRoutes;
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
    private static final long MAX_JSON_REQUEST_BYTES = 16L * 1024 * 1024;

    /** How often the outbox looks for events to deliver to subscribers. */
    private static final long OUTBOX_POLL_MILLIS = 250;

    private final Database database;
    private final ArtifactStore artifacts;
    private final Outbox outbox;
    private final Javalin app;

    private MlopsServer(Database database, ArtifactStore artifacts, Outbox outbox, Javalin app) {
        this.database = database;
        this.artifacts = artifacts;
        this.outbox = outbox;
        this.app = app;
    }

    public static MlopsServer start(ServerConfig config) {
        Database database = Database.open(config.backendStoreUri());
        ArtifactStore artifacts = null;
        Outbox outbox = null;
        try {
            artifacts = ArtifactStores.open(config.artifactsDestination());
            Clock clock = Clock.systemUTC();
            outbox = new Outbox(database, clock, OUTBOX_POLL_MILLIS);
            TrackingService tracking = TrackingService.onDatabase(database, clock, ArtifactRoutes.PROXY_SCHEME);
            RegistryService registry = RegistryService.onDatabase(database, clock, outbox, tracking, artifacts,
                    config.registryPolicy());
            LoggedModelService loggedModels = LoggedModelService.onDatabase(database, tracking, clock);
            Javalin app = createApp(tracking, loggedModels, registry, artifacts).start(config.host(), config.port());
            LOG.info("mlops4j server on http://{}:{} (metadata: {}, artifacts: {})", config.host(), app.port(),
                    DatabaseUrl.redact(config.backendStoreUri()), artifacts.rootUri());
            return new MlopsServer(database, artifacts, outbox, app);
        } catch (RuntimeException e) {
            if (outbox != null) {
                outbox.close();
            }
            if (artifacts != null) {
                artifacts.close();
            }
            database.close();
            throw e;
        }
    }

    static Javalin createApp(TrackingService tracking, LoggedModelService loggedModels, RegistryService registry,
                             ArtifactStore artifacts) {
        TrackingRoutes trackingRoutes = new TrackingRoutes(tracking);
        LoggedModelRoutes loggedModelRoutes = new LoggedModelRoutes(loggedModels, artifacts);
        ArtifactRoutes artifactRoutes = new ArtifactRoutes(artifacts, tracking);
        RegistryRoutes registryRoutes = new RegistryRoutes(registry);
        GovernanceRoutes governanceRoutes = new GovernanceRoutes(registry);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.maxRequestSize = MAX_JSON_REQUEST_BYTES;
            config.router.ignoreTrailingSlashes = true;
            // Let "..", encoded slashes and the like reach the handlers, which refuse them with a
            // JSON 400, instead of being normalised into another route.
            config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.UNSAFE));
            config.jetty.modifyServletContextHandler(handler -> handler.getServletHandler()
                    .setDecodeAmbiguousURIs(true));
            ErrorResponses.install(config.routes);
            config.routes.get("/health", ctx -> ctx.result("OK"));
            config.routes.get("/version", ctx -> ctx.result(Version.current()));
            for (String api : new String[] {"/api/2.0", "/ajax-api/2.0"}) {
                trackingRoutes.register(config.routes, api + "/mlflow");
                artifactRoutes.register(config.routes, api + "/mlflow", api + "/mlflow-artifacts");
                loggedModelRoutes.register(config.routes, api + "/mlflow");
                registryRoutes.register(config.routes, api + "/mlflow");
                governanceRoutes.register(config.routes, api + "/mlops4j/registry");
            }
        });
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

    @Override
    public void close() {
        app.stop();
        outbox.close();
        artifacts.close();
        database.close();
    }
}
