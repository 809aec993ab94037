package org.mlops4j.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Json;
import org.mlops4j.server.HttpTestClient;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.TestServers;
import org.mlops4j.testkit.TestDatabases.Backend;

/**
 * A search answer is written to the response while it is generated: a page far larger than the
 * server's output buffer must arrive whole, also to a client that asks for gzip (MLflow's do; the
 * server does not compress), and a bad search must still get its 400 before any byte of an answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchRunsHttpTest {
    private static final String API = "/api/2.0/mlflow";
    private static final int RUNS = 240;
    private static final String LONG_VALUE = "v".repeat(400);
    @TempDir
    static Path dir;
    private MlopsServer server;
    private HttpTestClient client;
    private String experimentId;

    @BeforeAll
    void start() {
        server = TestServers.start(Backend.SQLITE, dir);
        client = new HttpTestClient(server.url());
        experimentId = client.post(API + "/experiments/create", "{\"name\":\"big-pages\"}").json().path("experiment_id").asText();
        for (int i = 0; i < RUNS; i++) {
            String runId = client.post(API + "/runs/create", "{\"experiment_id\":\"" + experimentId + "\",\"start_time\":" + i + "}")
                    .json().at("/run/info/run_id").asText();
            StringBuilder params = new StringBuilder();
            for (int p = 0; p < 5; p++) {
                params.append(p > 0 ? "," : "").append("{\"key\":\"p").append(p).append("\",\"value\":\"").append(LONG_VALUE).append(i).append("\"}");
            }
            assertThat(client.post(API + "/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"params\":[" + params
                    + "],\"metrics\":[{\"key\":\"m\",\"value\":" + i + ",\"timestamp\":1,\"step\":0}]}").status()).isEqualTo(200);
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String searchBody() {
        return "{\"experiment_ids\":[\"" + experimentId + "\"],\"order_by\":[\"metrics.m DESC\"],\"max_results\":1000}";
    }

    @Test
    void aPageLargerThanTheOutputBuffer_arrivesWhole() {
        HttpTestClient.Response response = client.post(API + "/runs/search", searchBody());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().length()).isGreaterThan(500_000);
        assertWholePage(response.json());
    }

    @Test
    void aClientAskingForGzip_getsTheWholePagePlain() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + API + "/runs/search"))
                .header("Content-Type", "application/json").header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(searchBody())).build();
        HttpResponse<InputStream> response = client.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        try (InputStream body = response.body()) {
            assertWholePage(Json.mapper().readTree(body));
        }
    }

    @Test
    void aBadFilter_isStillAJsonError() throws IOException {
        HttpTestClient.Response response = client.post(API + "/runs/search",
                "{\"experiment_ids\":[\"" + experimentId + "\"],\"filter\":\"metrics.m >>> 1\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    }

    private static void assertWholePage(JsonNode page) {
        JsonNode runs = page.path("runs");
        assertThat(runs.size()).isEqualTo(RUNS);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < RUNS; i++) {
            JsonNode run = runs.get(i);
            ids.add(run.at("/info/run_id").asText());
            int expected = RUNS - 1 - i; // metrics.m DESC, and run i logged m = i
            assertThat(run.at("/data/metrics/0/value").asDouble()).isEqualTo(expected);
            assertThat(run.at("/data/params").size()).isEqualTo(5);
            assertThat(run.at("/data/params/4/value").asText()).isEqualTo(LONG_VALUE + expected);
        }
        assertThat(ids).hasSize(RUNS);
        assertThat(page.has("next_page_token")).isFalse();
    }
}
