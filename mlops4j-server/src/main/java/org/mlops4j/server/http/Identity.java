package org.mlops4j.server.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who is calling. Until authentication lands, the name is asserted by the client, not verified:
 * the {@code X-Mlops4j-User} header, else the user of HTTP Basic credentials (what MLflow clients
 * send), else "anonymous". Approvals and the audit log record this name.
 */
public final class Identity {
    public static final String HEADER = "X-Mlops4j-User";
    public static final String ANONYMOUS = "anonymous";

    private Identity() {
    }

    public static String of(Context ctx) {
        String header = ctx.header(HEADER);
        if (header != null && !header.isBlank()) {
            return clean(header);
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String user = colon < 0 ? decoded : decoded.substring(0, colon);
                if (!user.isBlank()) {
                    return clean(user);
                }
            } catch (IllegalArgumentException ignored) {
                // Malformed credentials identify nobody.
            }
        }
        return ANONYMOUS;
    }

    private static String clean(String name) {
        String trimmed = name.trim().replaceAll("\\p{Cntrl}", "");
        return trimmed.length() > 256 ? trimmed.substring(0, 256) : trimmed;
    }
}
