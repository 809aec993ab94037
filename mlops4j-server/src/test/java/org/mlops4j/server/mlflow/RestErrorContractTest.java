package org.mlops4j.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.server.HttpTestClient;
import org.mlops4j.server.HttpTestClient.Response;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.TestServers;
import org.mlops4j.testkit.TestDatabases.Backend;

/** Bad input gets a 4xx with {"error_code","message"} and writes nothing; never a 500. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestErrorContractTest {
    private static final String API = "/api/2.0/mlflow";
    @TempDir
    static Path dir;
    private MlopsServer server;
    private HttpTestClient client;

    @BeforeAll
    void start() {
        server = TestServers.start(Backend.SQLITE, dir);
        client = new HttpTestClient(server.url());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String newRun() {
        return client.post(API + "/runs/create", "{\"experiment_id\":\"0\"}").json().at("/run/info/run_id").asText();
    }

    private static void assertError(Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).startsWith("{\"error_code\":"); // MLflow's order, the same in every JVM
        JsonNode body = response.json();
        assertThat(body.path("error_code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).contains(messagePart);
    }

    @Test
    void malformedJson_isBadRequest() {
        assertError(client.post(API + "/experiments/create", "{\"name\": "), 400, "BAD_REQUEST", "Malformed JSON");
        assertError(client.post(API + "/experiments/create", "[1,2]"), 400, "BAD_REQUEST", "JSON object");
    }

    @Test
    void wrongContentType_isBadRequest() {
        Response response = client.send("POST", API + "/experiments/create", "text/plain",
                "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertError(response, 400, "BAD_REQUEST", "Content-Type");
        Response oddCharset = client.send("POST", API + "/experiments/create", "application/json; charset=klingon",
                "{\"name\":\"odd-charset\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(oddCharset.status()).as(oddCharset.body()).isLessThan(500);
    }

    @Test
    void wrongTypes_andMissingFields_nameTheField() {
        String runId = newRun();
        assertError(client.post(API + "/runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":\"abc\","
                + "\"timestamp\":1}"), 400, "INVALID_PARAMETER_VALUE", "'value'");
        assertError(client.post(API + "/runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":1,"
                + "\"timestamp\":{\"a\":1}}"), 400, "INVALID_PARAMETER_VALUE", "'timestamp'");
        assertError(client.post(API + "/runs/log-metric", "{\"run_id\":\"" + runId + "\",\"value\":1,\"timestamp\":1}"),
                400, "INVALID_PARAMETER_VALUE", "'key'");
        assertError(client.post(API + "/experiments/create", "{}"), 400, "INVALID_PARAMETER_VALUE", "'name'");
        assertError(client.post(API + "/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":{\"key\":1}}"),
                400, "INVALID_PARAMETER_VALUE", "'metrics'");
        assertError(client.get(API + "/runs/get"), 400, "INVALID_PARAMETER_VALUE", "run_id");
    }

    @Test
    void int64AsString_andUnknownFields_areAccepted() {
        String runId = newRun();
        Response response = client.post(API + "/runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\","
                + "\"value\":\"1.5\",\"timestamp\":\"1700000000000\",\"step\":\"3\",\"some_future_field\":{\"x\":1}}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode metric = client.get(API + "/runs/get?run_id=" + runId).json().at("/run/data/metrics/0");
        assertThat(metric.path("value").asDouble()).isEqualTo(1.5);
        assertThat(metric.path("timestamp").asLong()).isEqualTo(1700000000000L);
        assertThat(metric.path("step").asLong()).isEqualTo(3);
    }

    @Test
    void oversizeBatch_isRefused_andNothingIsWritten() {
        String runId = newRun();
        String metrics = IntStream.range(0, 1001)
                .mapToObj(i -> "{\"key\":\"m\",\"value\":" + i + ",\"timestamp\":1,\"step\":" + i + "}")
                .collect(Collectors.joining(","));
        assertError(client.post(API + "/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metrics + "]}"),
                400, "INVALID_PARAMETER_VALUE", "1000");
        String hugeTag = "x".repeat(1024 * 1024);
        assertError(client.post(API + "/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"tags\":[{\"key\":\"t\",\"value\":\""
                + hugeTag + "\"}]}"), 400, "INVALID_PARAMETER_VALUE", "bytes");
        // A valid metric beside an invalid param: the whole batch is refused.
        assertError(client.post(API + "/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"ok\","
                + "\"value\":1,\"timestamp\":1}],\"params\":[{\"key\":\"../bad\",\"value\":\"1\"}]}"),
                400, "INVALID_PARAMETER_VALUE", "../bad");
        assertThat(client.get(API + "/runs/get?run_id=" + runId).json().at("/run/data/metrics").size()).isZero();
    }

    @Test
    void unknownIds_areNotFound() {
        assertError(client.get(API + "/runs/get?run_id=doesnotexist"), 404, "RESOURCE_DOES_NOT_EXIST", "doesnotexist");
        assertError(client.get(API + "/experiments/get?experiment_id=424242"), 404, "RESOURCE_DOES_NOT_EXIST", "424242");
        assertError(client.get(API + "/experiments/get?experiment_id=abc"), 400, "INVALID_PARAMETER_VALUE", "abc");
        assertError(client.post(API + "/runs/log-parameter", "{\"run_id\":\"nope\",\"key\":\"k\",\"value\":\"v\"}"),
                404, "RESOURCE_DOES_NOT_EXIST", "nope");
    }

    @Test
    void healthVersionAndAjaxPrefix_answer() {
        assertThat(client.get("/health")).isEqualTo(new Response(200, "OK"));
        Response version = client.get("/version");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.body()).matches("\\d+\\.\\d+\\.\\d+.*");
        Response viaAjax = client.get("/ajax-api/2.0/mlflow/experiments/get?experiment_id=0");
        assertThat(viaAjax.json().at("/experiment/name").asText()).isEqualTo("Default");
        assertThat(client.get("/ajax-api/2.0/mlflow/runs/get?run_id=nope").status()).isEqualTo(404);
    }

    @Test
    void unknownEndpoint_isJson404() {
        assertError(client.get(API + "/no/such/thing"), 404, "ENDPOINT_NOT_FOUND", "/no/such/thing");
    }

    @Test
    void badSearchFilter_isInvalidParameter() {
        assertError(client.post(API + "/runs/search", "{\"experiment_ids\":[\"0\"],\"filter\":\"metrics.auc >\"}"),
                400, "INVALID_PARAMETER_VALUE", "filter");
        assertError(client.post(API + "/runs/search", "{\"experiment_ids\":[\"0\"],\"max_results\":50001}"),
                400, "INVALID_PARAMETER_VALUE", "max_results");
        assertError(client.post(API + "/runs/search", "{\"experiment_ids\":[\"0\"],\"page_token\":\"garbage\"}"),
                400, "INVALID_PARAMETER_VALUE", "page token");
    }

    @Test
    void everyRoute_withGarbage_neverAnswers500() {
        List<String> posts = List.of("/experiments/create", "/experiments/search", "/experiments/delete",
                "/experiments/restore", "/experiments/update", "/experiments/set-experiment-tag",
                "/experiments/delete-experiment-tag", "/runs/create", "/runs/update", "/runs/delete", "/runs/restore",
                "/runs/log-metric", "/runs/log-parameter", "/runs/set-tag", "/runs/delete-tag", "/runs/log-batch",
                "/runs/log-inputs", "/runs/search");
        List<String> bodies = List.of("{}", "{\"run_id\":5,\"experiment_id\":[1],\"key\":null}", "null", "\"s\"",
                "{\"run_id\":\"x\",\"metrics\":[1],\"params\":[null],\"tags\":[{}],\"datasets\":[{}]}",
                "{\"experiment_id\":\"9223372036854775808\",\"name\":\"\",\"max_results\":-1,\"filter\":\"((((\"}",
                "{\"experiment_ids\":[\"x\"],\"order_by\":[\"bogus DESC\"],\"run_view_type\":\"SOMETIMES\"}");
        for (String path : posts) {
            for (String body : bodies) {
                Response response = client.post(API + path, body);
                assertThat(response.status()).as(path + " " + body + " -> " + response.body()).isLessThan(500);
                if (response.status() >= 400) {
                    assertThat(response.json().has("error_code")).isTrue();
                }
            }
        }
        for (String get : List.of("/experiments/get?experiment_id=", "/experiments/get-by-name", "/runs/get?run_id=",
                "/metrics/get-history?run_id=x", "/metrics/get-history?run_id=x&metric_key=m&max_results=abc",
                "/experiments/search?max_results=0", "/artifacts/list?run_id=zz")) {
            Response response = client.get(API + get);
            assertThat(response.status()).as(get + " -> " + response.body()).isBetween(400, 499);
            assertThat(response.json().has("error_code")).isTrue();
        }
    }
}
