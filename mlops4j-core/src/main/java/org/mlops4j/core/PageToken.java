package org.mlops4j.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens. Like MLflow's SQL store, a token is base64 of {@code {"offset": N}}; callers
 * must treat it as opaque.
 */
public final class PageToken {
    private PageToken() {
    }

    public static String forOffset(long offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token stands for; 0 for a null or empty token. */
    public static long offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String json = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            long offset = Json.mapper().readTree(json).path("offset").asLong(-1);
            if (offset < 0) {
                throw new IllegalArgumentException("no offset");
            }
            return offset;
        } catch (Exception e) {
            throw MlopsException.invalidParameter("Invalid page token '%s'", token.length() > 100 ? token.substring(0, 100) : token);
        }
    }
}
