package org.mlops4j.server;

import java.util.Map;
import org.mlops4j.registry.RegistryPolicy;
import org.mlops4j.core.config.Settings;

/**
 * What the platform server needs to start. Built from {@link Settings} (flags, environment, config
 * file, defaults) by {@link #from(Settings)}.
 *
 * @param backendStoreUri      metadata database, e.g. {@code sqlite:///mlruns.db} or {@code postgresql://...}
 * @param artifactsDestination where proxied artifacts live: a directory or {@code s3://bucket/prefix}
 */
public record ServerConfig(String host, int port, String backendStoreUri, String artifactsDestination,
                           RegistryPolicy registryPolicy) {

    public static final Map<String, String> DEFAULTS = Map.of(
            "host", "127.0.0.1",
            "port", "5000",
            "backend-store-uri", "sqlite:///mlruns.db",
            "artifacts-destination", "./mlartifacts",
            "registry-protected-aliases", "champion=prod",
            "registry-protected-stages", "Production=prod",
            "registry-approvers", "admin",
            "registry-four-eyes", "true");

    /** A config with the default registry policy. */
    public ServerConfig(String host, int port, String backendStoreUri, String artifactsDestination) {
        this(host, port, backendStoreUri, artifactsDestination, RegistryPolicy.DEFAULT);
    }

    public static ServerConfig from(Settings settings) {
        int port = settings.getInt("port");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("setting 'port' must be between 0 and 65535, got " + port);
        }
        String fourEyes = settings.require("registry-four-eyes").trim().toLowerCase(java.util.Locale.ROOT);
        if (!fourEyes.equals("true") && !fourEyes.equals("false")) {
            throw new IllegalArgumentException("setting 'registry-four-eyes' must be true or false, got '" + fourEyes + "'");
        }
        RegistryPolicy policy = RegistryPolicy.parse(settings.require("registry-protected-aliases"),
                settings.require("registry-protected-stages"), settings.require("registry-approvers"),
                Boolean.parseBoolean(fourEyes));
        return new ServerConfig(settings.require("host"), port, settings.require("backend-store-uri"),
                settings.require("artifacts-destination"), policy);
    }

    /** Same settings on another port (0 picks a free one). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, backendStoreUri, artifactsDestination, registryPolicy);
    }
}
