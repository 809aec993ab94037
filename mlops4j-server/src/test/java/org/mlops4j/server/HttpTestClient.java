package org.mlops4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.mlops4j.core.Json;

/** Plain HTTP against a running server, for tests of the exact wire format. */
public final class HttpTestClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String user;

    public HttpTestClient(String base) {
        this(base, null);
    }

    private HttpTestClient(String base, String user) {
        this.base = base;
        this.user = user;
    }

    /** The same server, calling as the named user. */
    public HttpTestClient as(String userName) {
        return new HttpTestClient(base, userName);
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.build());
    }

    public Response send(HttpRequest request) {
        if (user != null) {
            request = HttpRequest.newBuilder(request, (name, value) -> true).header("X-Mlops4j-User", user).build();
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient http() {
        return http;
    }

    public String base() {
        return base;
    }
}
