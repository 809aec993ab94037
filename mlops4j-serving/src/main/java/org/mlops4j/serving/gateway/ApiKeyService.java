package org.mlops4j.serving.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.store.jdbc.Database;

/**
 * API keys per endpoint. A key is 32 random bytes, shown once at creation; only its SHA-256 is
 * stored (a high-entropy key needs no salt or slow hash). Verified keys are cached for a few
 * seconds so scoring does not touch the database on every request; a revocation here takes effect
 * at once, on other replicas within the cache time. Thread-safe.
 */
public final class ApiKeyService {
    private static final long CACHE_MILLIS = 5_000;
    private static final String PREFIX = "mk_";
    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final RateLimiter limiter = new RateLimiter();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Long> openUntil = new ConcurrentHashMap<>();

    private record Cached(Optional<ApiKey> key, long until) {
    }

    public ApiKeyService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        db.migrate("serving");
    }

    /**
     * Whether calls to the endpoint must carry a key (true for good once its first key was made).
     * An endpoint seen without keys is re-checked after the cache time, so scoring stays off the
     * database.
     */
    public boolean required(String endpoint) {
        long now = clock.millis();
        Long until = openUntil.get(endpoint);
        if (until != null && until > now) {
            return false;
        }
        boolean required = db.read(h -> h.createQuery("SELECT api_key_required FROM endpoints WHERE name = ?")
                .bind(0, endpoint).mapTo(Boolean.class).findOne().orElse(false));
        if (required) {
            openUntil.remove(endpoint);
        } else {
            openUntil.put(endpoint, now + CACHE_MILLIS);
        }
        return required;
    }

    /** Creates a key for an endpoint, which from now on requires one. */
    public IssuedKey create(String endpoint, String description, double requestsPerSecond) {
        if (requestsPerSecond < 0 || Double.isNaN(requestsPerSecond)) {
            throw MlopsException.invalidParameter("requests_per_second must be 0 (unlimited) or more, got %s", requestsPerSecond);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), endpoint, secret.substring(0, PREFIX.length() + 6),
                description, requestsPerSecond, clock.millis(), null);
        db.writeVoid(h -> {
            if (h.createUpdate("UPDATE endpoints SET api_key_required = TRUE WHERE name = ?").bind(0, endpoint).execute() == 0) {
                throw MlopsException.notFound("Endpoint '%s' not found", endpoint);
            }
            h.createUpdate("INSERT INTO api_keys (id, endpoint, key_hash, prefix, description, requests_per_second, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .bind(0, key.id()).bind(1, endpoint).bind(2, hash(secret)).bind(3, key.prefix()).bind(4, description)
                    .bind(5, requestsPerSecond).bind(6, key.createdAt()).execute();
        });
        openUntil.remove(endpoint);
        return new IssuedKey(key, secret);
    }

    public void revoke(String endpoint, String keyId) {
        db.writeVoid(h -> {
            if (h.createUpdate("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND endpoint = ? AND revoked_at IS NULL")
                    .bind(0, clock.millis()).bind(1, keyId).bind(2, endpoint).execute() == 0) {
                throw MlopsException.notFound("No active API key '%s' on endpoint '%s'", keyId, endpoint);
            }
        });
        cache.clear();
    }

    public List<ApiKey> list(String endpoint) {
        return db.read(h -> h.createQuery("SELECT * FROM api_keys WHERE endpoint = ? ORDER BY created_at").bind(0, endpoint)
                .map((rs, ctx) -> row(rs)).list());
    }

    /**
     * Checks a presented key for an endpoint and takes a rate-limit token.
     *
     * @throws MlopsException UNAUTHENTICATED (401) for a missing, unknown or revoked key or one of
     *                        another endpoint; REQUEST_LIMIT_EXCEEDED (429) with the wait in the message
     */
    public ApiKey authorize(String endpoint, String presented) {
        if (presented == null || presented.isBlank()) {
            throw new MlopsException(ErrorCode.UNAUTHENTICATED, "Endpoint '%s' needs an API key: send it as "
                    .formatted(endpoint) + "'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
        }
        ApiKey key = lookup(presented.trim()).filter(k -> k.endpoint().equals(endpoint))
                .orElseThrow(() -> new MlopsException(ErrorCode.UNAUTHENTICATED,
                        "The API key is not valid for endpoint '%s'".formatted(endpoint)));
        double wait = limiter.acquire(key.id(), key.requestsPerSecond());
        if (wait > 0) {
            throw new RateLimited(key, wait);
        }
        return key;
    }

    /** A 429: the key's rate is used up; retry after {@link #retryAfterSeconds()}. */
    public static final class RateLimited extends MlopsException {
        private final double waitSeconds;

        RateLimited(ApiKey key, double waitSeconds) {
            super(ErrorCode.REQUEST_LIMIT_EXCEEDED, "Rate limit of %s requests per second exceeded for key %s..."
                    .formatted(key.requestsPerSecond(), key.prefix()));
            this.waitSeconds = waitSeconds;
        }

        public long retryAfterSeconds() {
            return Math.max(1, (long) Math.ceil(waitSeconds));
        }
    }

    private Optional<ApiKey> lookup(String secret) {
        String hash = hash(secret);
        long now = clock.millis();
        Cached cached = cache.get(hash);
        if (cached != null && cached.until > now) {
            return cached.key;
        }
        Optional<ApiKey> key = db.read(h -> h.createQuery("SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
                .bind(0, hash).map((rs, ctx) -> row(rs)).findOne());
        if (cache.size() > 10_000) {
            cache.clear(); // bounded: unknown keys sent in bulk must not grow memory
        }
        cache.put(hash, new Cached(key, now + CACHE_MILLIS));
        return key;
    }

    private static ApiKey row(ResultSet rs) throws SQLException {
        long revoked = rs.getLong("revoked_at");
        return new ApiKey(rs.getString("id"), rs.getString("endpoint"), rs.getString("prefix"), rs.getString("description"),
                rs.getDouble("requests_per_second"), rs.getLong("created_at"), rs.wasNull() ? null : revoked);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
