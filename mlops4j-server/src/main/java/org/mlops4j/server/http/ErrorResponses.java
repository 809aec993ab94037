package org.mlops4j.server.http;

import com.fasterxml.jackson.core.JacksonException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.EnumMap;
import java.util.Map;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where error codes become HTTP statuses (MLflow's table), and every failure
 * becomes {@code {"error_code", "message"}}. Only a bug gives a 500.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final Map<ErrorCode, Integer> STATUS = new EnumMap<>(ErrorCode.class);

    static {
        STATUS.put(ErrorCode.INVALID_PARAMETER_VALUE, 400);
        STATUS.put(ErrorCode.BAD_REQUEST, 400);
        STATUS.put(ErrorCode.RESOURCE_ALREADY_EXISTS, 400);
        STATUS.put(ErrorCode.UNAUTHENTICATED, 401);
        STATUS.put(ErrorCode.PERMISSION_DENIED, 403);
        STATUS.put(ErrorCode.RESOURCE_DOES_NOT_EXIST, 404);
        STATUS.put(ErrorCode.ENDPOINT_NOT_FOUND, 404);
        STATUS.put(ErrorCode.RESOURCE_CONFLICT, 409);
        STATUS.put(ErrorCode.REQUEST_LIMIT_EXCEEDED, 429);
        STATUS.put(ErrorCode.INVALID_STATE, 400);
        STATUS.put(ErrorCode.INTERNAL_ERROR, 500);
        STATUS.put(ErrorCode.NOT_IMPLEMENTED, 501);
        STATUS.put(ErrorCode.TEMPORARILY_UNAVAILABLE, 503);
    }

    private ErrorResponses() {
    }

    public static int status(ErrorCode code) {
        return STATUS.get(code);
    }

    /** Registers the handlers on a Javalin config. */
    public static void install(RoutesConfig routes) {
        routes.exception(MlopsException.class, (e, ctx) -> write(ctx, status(e.code()), e.code().name(), e.getMessage()));
        routes.exception(JacksonException.class, (e, ctx) -> write(ctx, 400, ErrorCode.BAD_REQUEST.name(),
                "Malformed JSON in request body: " + e.getOriginalMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(), codeFor(e.getStatus()).name(),
                e.getStatus() == 404 ? "No endpoint " + ctx.method() + " " + ctx.path() : e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, 500, ErrorCode.INTERNAL_ERROR.name(), "Internal error: " + e.getClass().getSimpleName());
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, 404, ErrorCode.ENDPOINT_NOT_FOUND.name(), "No endpoint " + ctx.method() + " " + ctx.path());
            }
        });
        routes.error(405, ctx -> write(ctx, 405, ErrorCode.BAD_REQUEST.name(),
                "Method " + ctx.method() + " is not allowed on " + ctx.path()));
    }

    /** Javalin's own HTTP failures (no route, body too large, ...) in MLflow's vocabulary. */
    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
            case 413 -> ErrorCode.INVALID_PARAMETER_VALUE;
            case 429 -> ErrorCode.REQUEST_LIMIT_EXCEEDED;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        };
    }

    /** Writes {@code {"error_code", "message"}}, in that order (as MLflow does; {@code Map.of} varied it per JVM). */
    public static void write(Context ctx, int status, String errorCode, String message) {
        ctx.status(status).json(Json.mapper().createObjectNode().put("error_code", errorCode)
                .put("message", message == null ? "" : message));
    }
}
