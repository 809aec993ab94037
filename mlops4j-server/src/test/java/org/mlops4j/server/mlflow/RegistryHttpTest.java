package org.mlops4j.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlops4j.server.HttpTestClient;
import org.mlops4j.server.HttpTestClient.Response;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.TestServers;
import org.mlops4j.testkit.TestDatabases.Backend;

/**
 * The registry over real HTTP on both databases: the official MLflow Java client for the calls it
 * has, plain HTTP for the rest (aliases, governance), as different users.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryHttpTest {
    private static final String API = "/api/2.0/mlflow";
    private static final String GOV = "/api/2.0/mlops4j/registry";
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

    private HttpTestClient as(Backend backend, String user) {
        return new HttpTestClient(servers.get(backend).url()).as(user);
    }

    private static Response call(HttpTestClient client, String method, String path, String json) {
        return client.send(HttpRequest.newBuilder(URI.create(client.base() + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String newModel(HttpTestClient ana, String prefix) {
        String name = prefix + "-" + System.nanoTime();
        ok(ana.post(API + "/registered-models/create", "{\"name\":\"" + name + "\",\"description\":\"loan approval\"}"));
        return name;
    }

    private static String newRun(HttpTestClient client) {
        return ok(client.post(API + "/runs/create", "{\"experiment_id\":\"0\"}")).at("/run/info/run_id").asText();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void mlflowJavaClient_readsWhatWasRegistered(Backend backend) {
        HttpTestClient ana = as(backend, "ana");
        String name = newModel(ana, "credit");
        String runId = newRun(ana);
        JsonNode v1 = ok(ana.post(API + "/model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"runs:/" + runId
                + "/model\",\"run_id\":\"" + runId + "\"}")).path("model_version");
        assertThat(v1.path("version").asText()).isEqualTo("1");
        assertThat(v1.path("user_id").asText()).isEqualTo("ana");
        ok(ana.post(API + "/model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"s3://bucket/v2\"}"));
        ok(ana.post(API + "/model-versions/transition-stage", "{\"name\":\"" + name + "\",\"version\":\"2\",\"stage\":\"staging\","
                + "\"archive_existing_versions\":false}"));

        try (MlflowClient client = new MlflowClient(servers.get(backend).url())) {
            assertThat(client.getRegisteredModel(name).getDescription()).isEqualTo("loan approval");
            ModelVersion version = client.getModelVersion(name, "1");
            assertThat(version.getRunId()).isEqualTo(runId);
            assertThat(version.getSource()).isEqualTo("runs:/" + runId + "/model");
            assertThat(client.getModelVersionDownloadUri(name, "1"))
                    .isEqualTo("mlflow-artifacts:/0/" + runId + "/artifacts/model");
            assertThat(client.getLatestVersions(name)).extracting(ModelVersion::getVersion).containsExactlyInAnyOrder("1", "2");
            assertThat(client.getLatestVersions(name, List.of("Staging"))).extracting(ModelVersion::getVersion)
                    .containsExactly("2");
            assertThat(client.searchModelVersions("name = '" + name + "'").getItems()).hasSize(2);
            assertThat(client.searchModelVersions("name = '" + name + "' and run_id = '" + runId + "'").getItems())
                    .extracting(ModelVersion::getVersion).containsExactly("1");
            assertThatThrownBy(() -> client.getModelVersion(name, "99")).isInstanceOf(MlflowHttpException.class)
                    .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(404));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void champion_needsAnApproval_andTheAuditShowsBothAttempts(Backend backend) {
        HttpTestClient ana = as(backend, "ana");
        HttpTestClient admin = as(backend, "admin");
        String name = newModel(ana, "gov");
        ok(ana.post(API + "/model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"s3://b/v1\"}"));

        Response refused = ana.post(API + "/registered-models/alias", "{\"name\":\"" + name + "\",\"alias\":\"champion\",\"version\":\"1\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().path("error_code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(refused.json().path("message").asText()).contains("not approved");
        assertThat(ana.get(API + "/registered-models/alias?name=" + name + "&alias=champion").status()).isEqualTo(400);

        long requestId = ok(ana.post(GOV + "/approvals/request", "{\"name\":\"" + name + "\",\"version\":\"1\","
                + "\"environment\":\"prod\",\"comment\":\"AUC 0.81\"}")).at("/approval/id").asLong();
        Response selfApproval = ana.post(GOV + "/approvals/decide", "{\"request_id\":" + requestId + ",\"decision\":\"APPROVE\"}");
        assertThat(selfApproval.status()).isEqualTo(403);
        JsonNode decided = ok(admin.post(GOV + "/approvals/decide", "{\"request_id\":\"" + requestId + "\",\"decision\":\"approve\","
                + "\"comment\":\"checked fairness\"}"));
        assertThat(decided.at("/approval/status").asText()).isEqualTo("APPROVED");
        assertThat(decided.at("/approval/decided_by").asText()).isEqualTo("admin");

        ok(ana.post(API + "/registered-models/alias", "{\"name\":\"" + name + "\",\"alias\":\"champion\",\"version\":\"1\"}"));
        assertThat(ok(ana.get(API + "/registered-models/alias?name=" + name + "&alias=champion")).at("/model_version/version")
                .asText()).isEqualTo("1");
        assertThat(ok(ana.get(GOV + "/models/resolve?uri=models:/" + name + "@champion")).at("/model_version/version").asLong())
                .isEqualTo(1);
        assertThat(ok(ana.get(API + "/registered-models/get?name=" + name)).at("/registered_model/aliases/0/alias").asText())
                .isEqualTo("champion");

        JsonNode audit = ok(ana.get(GOV + "/audit?name=" + name + "&from=0"));
        List<String> aliasAttempts = new java.util.ArrayList<>();
        audit.path("entries").forEach(e -> {
            if (e.path("action").asText().equals("set_registered_model_alias")) {
                aliasAttempts.add(e.path("outcome").asText() + " by " + e.path("actor").asText());
            }
        });
        assertThat(aliasAttempts).containsExactly("REFUSED by ana", "OK by ana");
        long now = System.currentTimeMillis();
        assertThat(ok(ana.get(GOV + "/audit?name=" + name + "&from=" + (now + 60_000))).path("entries")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void badInput_getsA4xxNamingTheProblem(Backend backend) {
        HttpTestClient ana = as(backend, "ana");
        String name = newModel(ana, "bad");
        ok(ana.post(API + "/model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"s3://b/v1\"}"));
        for (String alias : List.of("latest", "v1", "V2", "has space", "")) {
            Response response = ana.post(API + "/registered-models/alias", "{\"name\":\"" + name + "\",\"alias\":\"" + alias
                    + "\",\"version\":\"1\"}");
            assertThat(response.status()).as(alias).isEqualTo(400);
            assertThat(response.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        }
        Response unknownVersion = ana.post(API + "/registered-models/alias", "{\"name\":\"" + name
                + "\",\"alias\":\"challenger\",\"version\":\"7\"}");
        assertThat(unknownVersion.status()).isEqualTo(404);
        Response badStage = ana.post(API + "/model-versions/transition-stage", "{\"name\":\"" + name
                + "\",\"version\":\"1\",\"stage\":\"Prodution\"}");
        assertThat(badStage.status()).isEqualTo(400);
        assertThat(badStage.json().path("message").asText()).contains("Prodution");
        assertThat(ana.get(API + "/model-versions/get?name=" + name + "&version=one").status()).isEqualTo(400);
        assertThat(ana.get(API + "/registered-models/get?name=nope-" + name).status()).isEqualTo(404);
        assertThat(ana.post(API + "/registered-models/create", "{\"name\":\"" + name + "\"}").json().path("error_code").asText())
                .isEqualTo("RESOURCE_ALREADY_EXISTS");
        assertThat(ana.get(GOV + "/models/resolve?uri=runs:/abc").status()).isEqualTo(400);
        assertThat(ana.get(GOV + "/model-cards/get?name=" + name + "&version=1&format=pdf").status()).isEqualTo(400);
        assertThat(ana.post(GOV + "/approvals/decide", "{\"request_id\":424242,\"decision\":\"APPROVE\"}").status()).isEqualTo(404);
        assertThat(ana.post(GOV + "/approvals/request", "{\"name\":\"" + name + "\",\"version\":\"1\",\"environment\":\"Prod!\"}")
                .status()).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void versionLifecycle_tagsRenameSoftAndHardDelete(Backend backend) {
        HttpTestClient ana = as(backend, "ana");
        String name = newModel(ana, "life");
        for (int i = 0; i < 3; i++) {
            ok(ana.post(API + "/model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"s3://b/v" + i + "\"}"));
        }
        ok(ana.post(API + "/model-versions/set-tag", "{\"name\":\"" + name + "\",\"version\":\"1\",\"key\":\"validated\",\"value\":\"yes\"}"));
        ok(call(ana, "PATCH", API + "/model-versions/update", "{\"name\":\"" + name + "\",\"version\":\"1\",\"description\":\"first\"}"));
        ok(call(ana, "DELETE", API + "/model-versions/delete", "{\"name\":\"" + name + "\",\"version\":\"3\"}"));
        ok(call(ana, "DELETE", GOV + "/model-versions/hard-delete", "{\"name\":\"" + name + "\",\"version\":\"2\"}"));
        JsonNode v4 = ok(ana.post(API + "/model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"s3://b/v4\"}"));
        assertThat(v4.at("/model_version/version").asText()).isEqualTo("4");

        String renamed = name + "-renamed";
        ok(ana.post(API + "/registered-models/rename", "{\"name\":\"" + name + "\",\"new_name\":\"" + renamed + "\"}"));
        JsonNode v1 = ok(ana.get(API + "/model-versions/get?name=" + renamed + "&version=1")).path("model_version");
        assertThat(v1.path("description").asText()).isEqualTo("first");
        assertThat(v1.at("/tags/0/key").asText()).isEqualTo("validated");
        JsonNode search = ok(ana.get(API + "/model-versions/search?filter=" + java.net.URLEncoder.encode("name = '" + renamed + "'",
                java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(search.path("model_versions")).extracting(n -> n.path("version").asText()).containsExactly("4", "1");
        ok(call(ana, "DELETE", API + "/registered-models/delete", "{\"name\":\"" + renamed + "\"}"));
        assertThat(ana.get(API + "/registered-models/get?name=" + renamed).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void modelCard_servedAsJsonMarkdownAndHtml(Backend backend) {
        HttpTestClient ana = as(backend, "ana");
        String name = newModel(ana, "card");
        String runId = newRun(ana);
        ok(ana.post(API + "/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"auc\",\"value\":0.8,"
                + "\"timestamp\":1}],\"params\":[{\"key\":\"max_depth\",\"value\":\"6\"}],\"tags\":[{\"key\":"
                + "\"mlflow.source.git.commit\",\"value\":\"abc1234\"}]}"));
        ok(ana.post(API + "/model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"runs:/" + runId + "/model\"}"));
        ok(call(ana, "PATCH", GOV + "/model-cards/update", "{\"name\":\"" + name + "\",\"version\":\"1\","
                + "\"intended_use\":\"Pre-screen <loan> applications\",\"owner\":\"risk-team\"}"));
        JsonNode card = ok(ana.get(GOV + "/model-cards/get?name=" + name + "&version=1")).path("model_card");
        assertThat(card.at("/lineage/params/max_depth").asText()).isEqualTo("6");
        assertThat(card.at("/lineage/code_commit").asText()).isEqualTo("abc1234");
        assertThat(card.at("/editable/owner").asText()).isEqualTo("risk-team");
        assertThat(card.path("registered_by").asText()).isEqualTo("ana");
        String markdown = ana.get(GOV + "/model-cards/get?name=" + name + "&version=1&format=markdown").body();
        assertThat(markdown).contains("# Model card: " + name + " v1").contains("| auc | 0.8 |").contains("abc1234");
        String html = ana.get(GOV + "/model-cards/get?name=" + name + "&version=1&format=html").body();
        assertThat(html).startsWith("<!doctype html>").contains("Pre-screen &lt;loan&gt; applications").doesNotContain("<loan>");
    }
}
