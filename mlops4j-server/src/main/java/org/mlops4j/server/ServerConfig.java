package org.mlops4j.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.mlops4j.serving.payload.OverflowPolicy;
import org.mlops4j.registry.RegistryPolicy;
import org.mlops4j.core.config.Settings;

/**
 * What the platform server needs to start. Built from {@link Settings} (flags, environment, config
 * file, defaults) by {@link #from(Settings)}.
 *
 * @param backendStoreUri      metadata database, e.g. {@code sqlite:///mlruns.db} or {@code postgresql://...}
 * @param artifactsDestination where proxied artifacts live: a directory or {@code s3://bucket/prefix}
 * @param payloadRingDirectory where the payload ring lives; null for {@code /dev/shm} where present,
 *                             else the payload directory (see docs/serving.md)
 * @param payloadRetentionDays payloads scored longer ago than this many days are deleted; 0 keeps them
 */
public record ServerConfig(String host, int port, String backendStoreUri, String artifactsDestination,
                           RegistryPolicy registryPolicy, Path payloadDirectory, OverflowPolicy payloadOverflow,
                           int payloadQueueCapacity, Path payloadRingDirectory, int payloadRetentionDays) {
    /** How often payload retention runs, when it is on. */
    public static final Duration PAYLOAD_RETENTION_INTERVAL = Duration.ofHours(1);

    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("host", "127.0.0.1"),
            Map.entry("port", "5000"),
            Map.entry("backend-store-uri", "sqlite:///mlruns.db"),
            Map.entry("artifacts-destination", "./mlartifacts"),
            Map.entry("registry-protected-aliases", "champion=prod"),
            Map.entry("registry-protected-stages", "Production=prod"),
            Map.entry("registry-approvers", "admin"),
            Map.entry("registry-four-eyes", "true"),
            Map.entry("payload-dir", "./mlpayloads"),
            Map.entry("payload-overflow", "block"),
            Map.entry("payload-queue-capacity", "100000"),
            Map.entry("payload-ring-dir", ""),
            Map.entry("payload-retention-days", "0"));

    /** A config with the default registry policy. */
    public ServerConfig(String host, int port, String backendStoreUri, String artifactsDestination) {
        this(host, port, backendStoreUri, artifactsDestination, RegistryPolicy.DEFAULT,
                // Beside a local artifact directory, named after it, so servers with their own artifacts never share a journal.
                Path.of(artifactsDestination.startsWith("s3://") ? "./mlpayloads" : artifactsDestination + "-payloads"),
                OverflowPolicy.BLOCK, Integer.parseInt(DEFAULTS.get("payload-queue-capacity")), null, 0);
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
        OverflowPolicy overflow = switch (settings.require("payload-overflow").trim().toLowerCase(java.util.Locale.ROOT)) {
            case "block" -> OverflowPolicy.BLOCK;
            case "sample" -> OverflowPolicy.SAMPLE;
            default -> throw new IllegalArgumentException("setting 'payload-overflow' must be block or sample, got '"
                    + settings.require("payload-overflow") + "'");
        };
        int capacity = settings.getInt("payload-queue-capacity");
        if (capacity < 1) {
            throw new IllegalArgumentException("setting 'payload-queue-capacity' must be at least 1");
        }
        String ringDirectory = settings.get("payload-ring-dir").map(String::trim).orElse("");
        int retentionDays = settings.getInt("payload-retention-days");
        if (retentionDays < 0) {
            throw new IllegalArgumentException("setting 'payload-retention-days' must be 0 (keep payloads) or more, got "
                    + retentionDays);
        }
        return new ServerConfig(settings.require("host"), port, settings.require("backend-store-uri"),
                settings.require("artifacts-destination"), policy, Path.of(settings.require("payload-dir")), overflow, capacity,
                ringDirectory.isEmpty() ? null : Path.of(ringDirectory), retentionDays);
    }

    /** How long payloads are kept; empty when they are kept until deleted by hand. */
    public Optional<Duration> payloadRetention() {
        return payloadRetentionDays == 0 ? Optional.empty() : Optional.of(Duration.ofDays(payloadRetentionDays));
    }

    /** Same settings on another port (0 picks a free one). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, backendStoreUri, artifactsDestination, registryPolicy, payloadDirectory,
                payloadOverflow, payloadQueueCapacity, payloadRingDirectory, payloadRetentionDays);
    }
}
