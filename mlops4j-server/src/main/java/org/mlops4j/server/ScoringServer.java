package org.mlops4j.server;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.mlops4j.core.Json;
import org.mlops4j.registry.RegistryService;
import org.mlops4j.registry.store.RegistryEvents;
import org.mlops4j.server.http.ErrorResponses;
import org.mlops4j.server.http.HttpStack;
import org.mlops4j.server.mlflow.ArtifactRoutes;
import org.mlops4j.server.serving.ScoringRoutes;
import org.mlops4j.serving.ScoringService;
import org.mlops4j.serving.gateway.ApiKeyService;
import org.mlops4j.serving.metrics.ServingMetrics;
import org.mlops4j.serving.payload.PayloadLoader;
import org.mlops4j.serving.payload.PayloadLog;
import org.mlops4j.serving.route.EndpointConfig;
import org.mlops4j.serving.route.EndpointService;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.outbox.Outbox;
import org.mlops4j.tracking.TrackingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone scoring server for one model: MLflow's {@code /invocations}, {@code /ping},
 * {@code /health}, {@code /version}, the Open Inference Protocol v2 and {@code /metrics}, at the
 * root. It shares the platform's metadata database and artifact store (to resolve
 * {@code models:/} references, follow a moved alias, and load its payloads), so many replicas can
 * run side by side; its endpoint lives in memory only.
 */
public final class ScoringServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringServer.class);
    public static final String ENDPOINT = "default";
    private final Deque<AutoCloseable> resources;
    private final Javalin app;

    private ScoringServer(Deque<AutoCloseable> resources, Javalin app) {
        this.resources = resources;
        this.app = app;
    }

    /**
     * @param model a model reference ({@code models:/credit-risk@champion}) or a bundle path
     * @param config where the metadata, artifacts and payload journal are, and where to listen
     */
    public static ScoringServer start(String model, ServerConfig config, MlopsServer.LoaderFactory loaders) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Clock clock = Clock.systemUTC();
            Database database = push(opened, Database.open(config.backendStoreUri()));
            ArtifactStore artifacts = push(opened, ArtifactStores.open(config.artifactsDestination()));
            Outbox outbox = push(opened, new Outbox(database, clock, 1_000));
            TrackingService tracking = TrackingService.onDatabase(database, clock, ArtifactRoutes.PROXY_SCHEME);
            RegistryService registry = RegistryService.onDatabase(database, clock, outbox, tracking, artifacts,
                    config.registryPolicy());
            EndpointService endpoints = new EndpointService(database, loaders.create(registry, artifacts), clock);
            endpoints.serveTransient(ENDPOINT, EndpointConfig.serving(model));
            PayloadLog payloads = push(opened, new PayloadLog(config.payloadDirectory(), config.payloadQueueCapacity(),
                    config.payloadOverflow(), config.payloadRingDirectory()));
            PayloadLoader payloadLoader = push(opened, new PayloadLoader(database, config.payloadDirectory(), 1_000));
            payloadLoader.follow(payloads);
            config.payloadRetention().ifPresent(age -> payloadLoader.expireOlderThan(age, ServerConfig.PAYLOAD_RETENTION_INTERVAL));
            ServingMetrics metrics = new ServingMetrics(payloads, payloadLoader);
            ScoringService scoring = push(opened, new ScoringService(endpoints, payloads, metrics, clock));
            // Each replica follows alias moves itself, from its own position in the event log.
            String subscriber = "scoring-replica-" + java.util.UUID.randomUUID();
            opened.push(() -> outbox.unsubscribe(subscriber));
            outbox.subscribeFromNow(subscriber, event -> {
                if (event.type().equals(RegistryEvents.ALIAS_MOVED) || event.type().equals(RegistryEvents.STAGE_CHANGED)) {
                    endpoints.refreshModel(event.aggregate());
                }
            });
            Javalin app = Javalin.create(c -> {
                HttpStack.apply(c);
                c.jsonMapper(new JavalinJackson(Json.mapper(), false));
                c.http.maxRequestSize = 64L * 1024 * 1024;
                ErrorResponses.install(c.routes);
                new ScoringRoutes(scoring, new ApiKeyService(database, clock), metrics).registerStandalone(c.routes, ENDPOINT);
            }).start(config.host(), config.port());
            opened.push(app::stop);
            LOG.info("scoring {} on http://{}:{}", model, config.host(), app.port());
            return new ScoringServer(opened, app);
        } catch (RuntimeException e) {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception ignored) {
                    // closing after a failed start
                }
            }
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

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("error while closing", e);
            }
        }
    }
}
