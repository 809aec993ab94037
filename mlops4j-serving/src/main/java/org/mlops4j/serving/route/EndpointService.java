package org.mlops4j.serving.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.mlops4j.serving.ModelLoader;
import org.mlops4j.serving.ModelRuntime;
import org.mlops4j.serving.validation.InputBinder;
import org.mlops4j.store.jdbc.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named endpoints: what each serves, persisted with its history, and loaded in memory. A change
 * loads every new model first and only then swaps the endpoint's {@link Routing} in one reference
 * write: requests in flight finish on the models they started with, and no request sees a half
 * loaded endpoint. A model that fails to load leaves the endpoint as it was. Thread-safe.
 */
public final class EndpointService {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointService.class);
    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_\\-]{0,62}$");

    private final Database db;
    private final ModelLoader loader;
    private final Clock clock;
    private final Map<String, AtomicReference<Routing>> live = new ConcurrentHashMap<>();

    public EndpointService(Database db, ModelLoader loader, Clock clock) {
        this.db = db;
        this.loader = loader;
        this.clock = clock;
        db.migrate("serving");
    }

    /** Loads every persisted endpoint; one that fails is logged and stays unavailable. */
    public void start() {
        for (Map.Entry<String, EndpointConfig> entry : persisted().entrySet()) {
            try {
                live.put(entry.getKey(), new AtomicReference<>(load(entry.getValue())));
            } catch (RuntimeException e) {
                LOG.error("endpoint '{}' could not load its model; it is not serving", entry.getKey(), e);
            }
        }
    }

    /** Creates or changes an endpoint; returns the state now serving. */
    public Routing deploy(String name, EndpointConfig config, String actor) {
        checkName(name);
        Routing routing = load(config);
        long now = clock.millis();
        String json = json(config);
        db.writeVoid(h -> {
            h.createUpdate("INSERT INTO endpoints (name, config, api_key_required, created_at, updated_at) VALUES (?, ?, FALSE, ?, ?) "
                            + "ON CONFLICT (name) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at")
                    .bind(0, name).bind(1, json).bind(2, now).bind(3, now).execute();
            h.createUpdate("INSERT INTO endpoint_history (name, config, changed_by, changed_at) VALUES (?, ?, ?, ?)")
                    .bind(0, name).bind(1, json).bind(2, actor).bind(3, now).execute();
        });
        live.computeIfAbsent(name, k -> new AtomicReference<>()).set(routing);
        LOG.info("endpoint '{}' now serves {} (version {})", name, config.model(), routing.primary().runtime().modelVersion());
        return routing;
    }

    /**
     * Serves an endpoint from memory only, not recorded in the database: what a standalone scoring
     * server (one replica among many) does with the model it was started with.
     */
    public Routing serveTransient(String name, EndpointConfig config) {
        checkName(name);
        Routing routing = load(config);
        live.computeIfAbsent(name, k -> new AtomicReference<>()).set(routing);
        return routing;
    }

    /** Goes back to the configuration the endpoint had before its last change. */
    public Routing rollback(String name, String actor) {
        List<String> history = db.read(h -> h.createQuery("SELECT config FROM endpoint_history WHERE name = ? ORDER BY id DESC LIMIT 2")
                .bind(0, name).mapTo(String.class).list());
        if (history.isEmpty()) {
            throw MlopsException.notFound("Endpoint '%s' not found", name);
        }
        if (history.size() < 2) {
            throw new MlopsException(ErrorCode.INVALID_STATE, "Endpoint '%s' has no earlier configuration to roll back to".formatted(name));
        }
        return deploy(name, parse(history.get(1)), actor);
    }

    /**
     * Re-resolves the endpoints whose references name {@code modelName} (after an alias or stage
     * moved) and swaps those whose resolved version changed.
     */
    public void refreshModel(String modelName) {
        String prefix = "models:/" + modelName;
        live.forEach((name, ref) -> {
            Routing current = ref.get();
            if (current == null || !mentions(current.config(), prefix)) {
                return;
            }
            try {
                Routing fresh = load(current.config());
                if (!sameVersions(current, fresh)) {
                    ref.set(fresh);
                    LOG.info("endpoint '{}' follows {} to version {}", name, current.config().model(),
                            fresh.primary().runtime().modelVersion());
                }
            } catch (RuntimeException e) {
                LOG.error("endpoint '{}' could not follow a change of {}; it keeps serving what it had", name, modelName, e);
            }
        });
    }

    private static boolean mentions(EndpointConfig c, String prefix) {
        return Optional.ofNullable(c.model()).map(m -> m.startsWith(prefix + "@") || m.startsWith(prefix + "/")).orElse(false)
                || Optional.ofNullable(c.canaryModel()).map(m -> m.startsWith(prefix)).orElse(false)
                || Optional.ofNullable(c.shadowModel()).map(m -> m.startsWith(prefix)).orElse(false);
    }

    private static boolean sameVersions(Routing a, Routing b) {
        return version(a.primary()).equals(version(b.primary())) && version(a.canary()).equals(version(b.canary()))
                && version(a.shadow()).equals(version(b.shadow()));
    }

    private static String version(LoadedModel m) {
        return m == null ? "" : m.runtime().modelName() + "/" + m.runtime().modelVersion();
    }

    public void delete(String name) {
        db.writeVoid(h -> {
            if (h.createUpdate("DELETE FROM endpoints WHERE name = ?").bind(0, name).execute() == 0) {
                throw MlopsException.notFound("Endpoint '%s' not found", name);
            }
        });
        live.remove(name);
    }

    /** The state serving now. */
    public Routing routing(String name) {
        AtomicReference<Routing> ref = live.get(name);
        Routing routing = ref == null ? null : ref.get();
        if (routing == null) {
            throw new MlopsException(ErrorCode.ENDPOINT_NOT_FOUND, "Endpoint '%s' not found or not loaded".formatted(name));
        }
        return routing;
    }

    public boolean isLive(String name) {
        AtomicReference<Routing> ref = live.get(name);
        return ref != null && ref.get() != null;
    }

    public List<String> names() {
        return live.keySet().stream().sorted().toList();
    }

    private Routing load(EndpointConfig config) {
        return new Routing(config, loadOne(config.model(), config), loadOne(config.canaryModel(), config),
                loadOne(config.shadowModel(), config));
    }

    private LoadedModel loadOne(String reference, EndpointConfig config) {
        if (reference == null) {
            return null;
        }
        ModelRuntime runtime = loader.load(reference);
        return new LoadedModel(reference, runtime, new InputBinder(runtime.signature(), config.unknownCategories()));
    }

    private Map<String, EndpointConfig> persisted() {
        Map<String, EndpointConfig> configs = new java.util.LinkedHashMap<>();
        db.read(h -> h.createQuery("SELECT name, config FROM endpoints ORDER BY name")
                .map((rs, ctx) -> configs.put(rs.getString(1), parse(rs.getString(2)))).list());
        return configs;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw MlopsException.invalidParameter("Invalid endpoint name '%s': lowercase letters, digits, '-' and '_', "
                    + "up to 63 characters", name);
        }
    }

    private static String json(EndpointConfig config) {
        try {
            return Json.mapper().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EndpointConfig parse(String json) {
        try {
            return Json.mapper().readValue(json, EndpointConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt endpoint configuration: " + json, e);
        }
    }
}
