package org.mlops4j.store.jdbc;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;

/**
 * A backend store URI as users write it (MLflow's forms and plain JDBC URLs), turned into a JDBC URL.
 * <ul>
 *   <li>{@code sqlite:///relative.db}, {@code sqlite:////abs/path.db}, {@code sqlite:mlruns.db}, {@code jdbc:sqlite:...}</li>
 *   <li>{@code postgresql://user:pass@host:5432/db}, {@code postgres://...}, {@code jdbc:postgresql://...}</li>
 * </ul>
 */
public record DatabaseUrl(SqlDialect dialect, String jdbcUrl, String user, String password) {

    public static DatabaseUrl parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new MlopsException(ErrorCode.INVALID_PARAMETER_VALUE, "backend store URI is empty");
        }
        String u = uri.trim();
        if (u.startsWith("jdbc:sqlite:")) {
            return new DatabaseUrl(SqlDialect.SQLITE, u, null, null);
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(SqlDialect.POSTGRESQL, u, null, null);
        }
        if (u.startsWith("sqlite:")) {
            String rest = u.substring("sqlite:".length());
            // MLflow/SQLAlchemy: sqlite:///rel.db is relative, sqlite:////abs.db is absolute.
            String file = rest.startsWith("///") ? rest.substring(3) : rest.startsWith("//") ? rest.substring(2) : rest;
            if (file.isEmpty()) {
                throw new MlopsException(ErrorCode.INVALID_PARAMETER_VALUE, "sqlite URI names no file: " + uri);
            }
            return new DatabaseUrl(SqlDialect.SQLITE, "jdbc:sqlite:" + Path.of(file).toAbsolutePath(), null, null);
        }
        if (u.startsWith("postgresql") || u.startsWith("postgres:")) {
            URI parsed = URI.create(u.replaceFirst("^postgres(ql)?(\\+[a-z0-9]+)?:", "postgresql:"));
            String user = null;
            String password = null;
            if (parsed.getRawUserInfo() != null) {
                String[] parts = parsed.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            int port = parsed.getPort() > 0 ? parsed.getPort() : 5432;
            String query = parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery();
            return new DatabaseUrl(SqlDialect.POSTGRESQL,
                    "jdbc:postgresql://" + parsed.getHost() + ":" + port + parsed.getRawPath() + query, user, password);
        }
        throw new MlopsException(ErrorCode.INVALID_PARAMETER_VALUE,
                "unsupported backend store URI '" + redact(uri) + "': use sqlite:///file.db or postgresql://user@host/db");
    }

    /** The URI without its password, for logs and error messages. */
    public static String redact(String uri) {
        return uri == null ? null : uri.replaceAll("(//[^:/@]+):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + dialect + ", " + redact(jdbcUrl) + ", user=" + user + "]";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
