package org.mlops4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.mlops4j.core.Json;

/**
 * One HTTP/1.1 client on loopback, as an MLflow client would use it: a kept-alive connection and
 * JSON bodies. Timed calls cover sending the request and reading the whole response body.
 */
final class MlflowHttp {
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String serverUrl;
    private final String apiBase;

    MlflowHttp(String serverUrl) {
        this.serverUrl = serverUrl;
        this.apiBase = serverUrl + "/api/2.0/mlflow/";
    }

    /** GET /health: the cost of a round trip that touches no store, the floor under every other figure. */
    long timedHealthCheck() {
        long start = System.nanoTime();
        send(HttpRequest.newBuilder(URI.create(serverUrl + "/health")).GET().build());
        return System.nanoTime() - start;
    }

    /** Posts and parses the answer; for setup calls, not timed. */
    JsonNode post(String path, String jsonBody) {
        try {
            return Json.mapper().readTree(send(path, jsonBody));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts and returns the elapsed nanoseconds; the answer is checked (status 200) but not parsed. */
    long timedPost(String path, String jsonBody) {
        long start = System.nanoTime();
        send(path, jsonBody);
        return System.nanoTime() - start;
    }

    private byte[] send(String path, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(apiBase + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build());
    }

    private byte[] send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** Creates a run over HTTP; returns its id. */
    String createRun(String experimentId, long startTime) {
        return post("runs/create", "{\"experiment_id\":\"" + experimentId + "\",\"start_time\":" + startTime + "}")
                .path("run").path("info").path("run_id").asText();
    }

    String createExperiment(String name) {
        return post("experiments/create", Json.mapper().createObjectNode().put("name", name).toString())
                .path("experiment_id").asText();
    }
}
