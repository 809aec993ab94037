package org.mlops4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.mlops4j.core.Json;

/**
 * One blocking HTTP/1.1 client on loopback, as an MLflow client would use it: a kept-alive
 * connection and JSON bodies. Timed calls cover sending the request and reading the whole
 * response body.
 */
final class MlflowHttp implements AutoCloseable {
    private final CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries().build();
    private final String serverUrl;
    private final String apiBase;

    MlflowHttp(String serverUrl) {
        this.serverUrl = serverUrl;
        this.apiBase = serverUrl + "/api/2.0/mlflow/";
    }

    /** GET /health: the cost of a round trip that touches no store, the floor under every other figure. */
    long timedHealthCheck() {
        long start = System.nanoTime();
        send(new HttpGet(serverUrl + "/health"));
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
        HttpPost post = new HttpPost(apiBase + path);
        post.setEntity(new StringEntity(jsonBody, ContentType.APPLICATION_JSON));
        return send(post);
    }

    private byte[] send(ClassicHttpRequest request) {
        try {
            return client.execute(request, response -> {
                byte[] body = EntityUtils.toByteArray(response.getEntity());
                if (response.getCode() != 200) {
                    throw new IllegalStateException(request.getMethod() + " " + request.getRequestUri() + " answered "
                            + response.getCode() + ": " + new String(body, StandardCharsets.UTF_8));
                }
                return body;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    @Override
    public void close() throws IOException {
        client.close();
    }
}
