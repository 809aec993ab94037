package org.mlops4j.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.server.HttpTestClient;
import org.mlops4j.server.HttpTestClient.Response;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.TestServers;
import org.mlops4j.testkit.TestDatabases.Backend;

/** MLflow 3 logged models over HTTP, on both databases. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoggedModelHttpTest {
    private static final String API = "/api/2.0/mlflow";
    @TempDir
    static Path dir;
    private final Map<Backend, MlopsServer> servers = new EnumMap<>(Backend.class);

    @BeforeAll
    void start() {
        for (Backend backend : Backend.values()) {
            servers.put(backend, TestServers.start(backend, dir));
        }
    }

    @AfterAll
    void stop() {
        servers.values().forEach(MlopsServer::close);
    }

    private static Response call(HttpTestClient client, String method, String path, String json) {
        return client.send(HttpRequest.newBuilder(URI.create(client.base() + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createFinalizeTagParamsSearchDelete(Backend backend) {
        HttpTestClient client = new HttpTestClient(servers.get(backend).url());
        String experiment = ok(client.post(API + "/experiments/create", "{\"name\":\"lm-" + System.nanoTime() + "\"}"))
                .path("experiment_id").asText();
        String runId = ok(client.post(API + "/runs/create", "{\"experiment_id\":\"" + experiment + "\"}")).at("/run/info/run_id").asText();
        JsonNode created = ok(client.post(API + "/logged-models", "{\"experiment_id\":\"" + experiment + "\",\"name\":\"xgb\","
                + "\"model_type\":\"classifier\",\"source_run_id\":\"" + runId + "\",\"params\":[{\"key\":\"depth\",\"value\":\"6\"}],"
                + "\"tags\":[{\"key\":\"team\",\"value\":\"risk\"}]}")).path("model");
        String id = created.at("/info/model_id").asText();
        assertThat(id).startsWith("m-");
        assertThat(created.at("/info/status").asText()).isEqualTo("LOGGED_MODEL_PENDING");
        assertThat(created.at("/info/artifact_uri").asText()).isEqualTo("mlflow-artifacts:/" + experiment + "/models/" + id + "/artifacts");
        assertThat(created.at("/data/params/0/value").asText()).isEqualTo("6");

        assertThat(ok(call(client, "PATCH", API + "/logged-models/" + id, "{\"status\":\"LOGGED_MODEL_READY\"}"))
                .at("/model/info/status").asText()).isEqualTo("LOGGED_MODEL_READY");
        ok(call(client, "PATCH", API + "/logged-models/" + id + "/tags", "{\"tags\":[{\"key\":\"stage\",\"value\":\"candidate\"}]}"));
        ok(call(client, "DELETE", API + "/logged-models/" + id + "/tags/team", ""));
        ok(client.post(API + "/logged-models/" + id + "/params", "{\"params\":[{\"key\":\"eta\",\"value\":\"0.1\"}]}"));
        assertThat(client.post(API + "/logged-models/" + id + "/params", "{\"params\":[{\"key\":\"eta\",\"value\":\"0.2\"}]}")
                .status()).isEqualTo(400);
        JsonNode got = ok(client.get(API + "/logged-models/" + id)).path("model");
        assertThat(got.at("/info/tags/0/key").asText()).isEqualTo("stage");
        assertThat(got.at("/data/params")).hasSize(2);

        String root = "/api/2.0/mlflow-artifacts/artifacts/" + experiment + "/models/" + id + "/artifacts/MLmodel";
        ok(client.send("PUT", root, "application/octet-stream", "flavors: {}".getBytes(StandardCharsets.UTF_8)));
        assertThat(ok(client.get(API + "/logged-models/" + id + "/artifacts/directories")).at("/files/0/path").asText())
                .isEqualTo("MLmodel");

        ok(client.post(API + "/logged-models", "{\"experiment_id\":\"" + experiment + "\",\"name\":\"logreg\"}"));
        JsonNode search = ok(client.post(API + "/logged-models/search", "{\"experiment_ids\":[\"" + experiment + "\"],"
                + "\"filter\":\"status = 'LOGGED_MODEL_READY' AND params.depth = '6'\",\"order_by\":[{\"field_name\":\"name\","
                + "\"ascending\":true}]}"));
        assertThat(search.path("models")).hasSize(1);
        assertThat(ok(client.post(API + "/logged-models/search", "{\"experiment_ids\":[\"" + experiment + "\"],"
                + "\"order_by\":[{\"field_name\":\"name\",\"ascending\":true}],\"max_results\":1}")).path("next_page_token").asText())
                .isNotEmpty();

        ok(call(client, "DELETE", API + "/logged-models/" + id, ""));
        assertThat(client.get(API + "/logged-models/" + id).status()).isEqualTo(404);
        assertThat(client.post(API + "/logged-models", "{\"experiment_id\":\"999999\"}").status()).isEqualTo(404);
        assertThat(call(client, "PATCH", API + "/logged-models/m-nope", "{\"status\":\"LOGGED_MODEL_READY\"}").status()).isEqualTo(404);
        assertThat(call(client, "PATCH", API + "/logged-models/m-x", "{\"status\":\"DONE\"}").status()).isEqualTo(400);
        assertThat(client.post(API + "/logged-models/search", "{\"experiment_ids\":[\"" + experiment + "\"],\"filter\":\"metrics.x > 1\"}")
                .status()).isEqualTo(400);
    }
}
