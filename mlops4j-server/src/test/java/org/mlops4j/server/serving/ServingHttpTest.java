package org.mlops4j.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.server.HttpTestClient;
import org.mlops4j.server.HttpTestClient.Response;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.ServerConfig;
import org.mlops4j.server.http.HttpStack;
import org.mlops4j.serving.ThresholdModel;
import org.mlops4j.testkit.TestDatabases;

/** The scoring protocols over real HTTP: exact wire formats, error cases, keys, limits, metrics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingHttpTest {
    private static final String MGMT = "/api/2.0/mlops4j/endpoints";
    private static final String RECORDS = "{\"dataframe_records\":[{\"LoanAmount\":500,\"Sex\":\"male\"},"
            + "{\"LoanAmount\":5000,\"Sex\":\"female\"}]}";
    @TempDir
    static Path dir;
    private MlopsServer server;
    private HttpTestClient client;

    @BeforeAll
    void start() {
        server = MlopsServer.start(new ServerConfig("127.0.0.1", 0, TestDatabases.newSqliteUri(dir),
                dir.resolve("artifacts").toString()), (registry, artifacts) -> ThresholdModel.loader());
        client = new HttpTestClient(server.url());
        ok(client.post(MGMT + "/deploy", "{\"name\":\"credit\",\"model\":\"test:/credit-risk/1000\"}"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private Response send(String path, String contentType, String body) {
        return client.send("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> sendRaw(String path, String body) {
        try {
            return client.http().send(HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void mlflowInvocations_everyInputFormat_returnsPredictions() {
        for (String body : List.of(RECORDS,
                "{\"dataframe_split\":{\"columns\":[\"LoanAmount\",\"Sex\"],\"data\":[[500,\"male\"],[5000,\"female\"]]}}",
                "{\"instances\":[{\"LoanAmount\":500,\"Sex\":\"male\"},{\"LoanAmount\":5000,\"Sex\":\"female\"}]}",
                "{\"inputs\":{\"LoanAmount\":[500,5000],\"Sex\":[\"male\",\"female\"]},\"params\":{}}")) {
            JsonNode predictions = ok(send("/endpoints/credit/invocations", "application/json", body)).path("predictions");
            assertThat(predictions.toString()).as(body).isEqualTo("[\"No Risk\",\"Risk\"]");
        }
        assertThat(ok(send("/endpoints/credit/invocations", "text/csv", "LoanAmount,Sex\n500,male\n5000,female\n"))
                .path("predictions").toString()).isEqualTo("[\"No Risk\",\"Risk\"]");
        assertThat(client.get("/endpoints/credit/ping").status()).isEqualTo(200);
        assertThat(client.get("/endpoints/nope/ping").status()).isEqualTo(404);
    }

    @Test
    void anAnswerManyTimesTheResponseCopyBuffer_arrivesWholeWithItsLength() {
        int rows = 3_000; // some 25 KB of predictions, copied to the response in 4 KB steps
        StringBuilder csv = new StringBuilder("LoanAmount,Sex\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i % 2 == 0 ? "500,male\n" : "5000,female\n");
        }
        HttpResponse<String> response;
        try {
            response = client.http().send(HttpRequest.newBuilder(URI.create(server.url() + "/endpoints/credit/invocations"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().length()).isGreaterThan(4 * HttpStack.RESPONSE_COPY_BYTES);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(
                (long) response.body().getBytes(StandardCharsets.UTF_8).length);
        JsonNode predictions = new HttpTestClient.Response(200, response.body()).json().path("predictions");
        assertThat(predictions.size()).isEqualTo(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(predictions.get(i).asText()).isEqualTo(i % 2 == 0 ? "No Risk" : "Risk");
        }
    }

    @Test
    void bodiesWithoutALength_areReadToTheLimit_andACutBodyIsABadRequest() throws Exception {
        ok(client.post(MGMT + "/deploy", "{\"name\":\"small\",\"model\":\"test:/credit-risk/1000\",\"max_request_bytes\":300}"));
        // An InputStream publisher has no length: the client sends the body chunked.
        HttpResponse<String> chunked = client.http().send(HttpRequest.newBuilder(URI.create(server.url() + "/endpoints/small/invocations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(RECORDS.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo("{\"predictions\":[\"No Risk\",\"Risk\"]}");
        String padded = RECORDS.replace("500,", "500, \"pad\":\"" + "x".repeat(400) + "\",");
        HttpResponse<String> tooBig = client.http().send(HttpRequest.newBuilder(URI.create(server.url() + "/endpoints/small/invocations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(padded.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(413);
        assertThat(new HttpTestClient.Response(413, tooBig.body()).json().path("message").asText()).contains("limit of 300 bytes");

        // A body above the size whose array is allocated before it arrives: read as it comes.
        StringBuilder large = new StringBuilder("{\"dataframe_split\":{\"columns\":[\"LoanAmount\",\"Sex\"],\"data\":[");
        int rows = 6_000;
        for (int i = 0; i < rows; i++) {
            large.append(i > 0 ? "," : "").append(i % 2 == 0 ? "[500,\"male\"]" : "[5000,\"female\"]");
        }
        large.append("]}}");
        assertThat(large.length()).isGreaterThan(64 * 1024);
        JsonNode predictions = ok(send("/endpoints/credit/invocations", "application/json", large.toString())).path("predictions");
        assertThat(predictions.size()).isEqualTo(rows);
        assertThat(predictions.get(rows - 1).asText()).isEqualTo("Risk");

        // A client that declares 100 bytes, sends 21 and stops sending.
        URI uri = URI.create(server.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /endpoints/credit/invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\nConnection: close\r\n\r\n{\"dataframe_records\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
            JsonNode error = new HttpTestClient.Response(400, answer.substring(answer.indexOf("\r\n\r\n") + 4)).json();
            assertThat(error.path("error_code").asText()).isEqualTo("BAD_REQUEST");
            assertThat(error.path("message").asText()).startsWith("Could not read the request body");
        }
    }

    /**
     * A client that reads the start of its answer and then resets the connection: the rest of the
     * answer cannot be written, which is nobody's error. The request was journaled before the
     * answer began, so its records are there, and the server goes on answering.
     */
    @Test
    void aClientGoneDuringItsAnswer_stillHasItsRecords_andTheServerGoesOn() throws Exception {
        ok(client.post(MGMT + "/deploy", "{\"name\":\"gone\",\"model\":\"test:/credit-risk/1000\"}"));
        int rows = 20_000; // an answer of about 200 kB, which a 1 kB receive window cannot take at once
        StringBuilder body = new StringBuilder("{\"dataframe_split\":{\"columns\":[\"LoanAmount\",\"Sex\"],\"data\":[");
        for (int i = 0; i < rows; i++) {
            body.append(i == 0 ? "" : ",").append("[").append(500 + i).append(",\"male\"]");
        }
        byte[] bytes = body.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(server.url());
        String head;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(1024); // before connecting, so the window stays small
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()));
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /endpoints/gone/invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            socket.setSoLinger(true, 0); // close with a reset, as a client that crashed
        }
        assertThat(head).isEqualTo("HTTP/1.1 200");
        assertThat(ok(client.get("/api/2.0/mlops4j/payloads/count?endpoint=gone")).path("count").asLong()).isEqualTo(rows);
        assertThat(ok(send("/endpoints/gone/invocations", "application/json", RECORDS)).path("predictions").size()).isEqualTo(2);
        assertThat(client.get("/metrics").body()).doesNotContain("code=\"500\",endpoint=\"gone\"");
    }

    @Test
    void mlflowInvocations_badInput_is4xxNamingFieldAndRow() {
        Response unsupported = send("/endpoints/credit/invocations", "text/plain", "x");
        assertThat(unsupported.status()).isEqualTo(415);
        assertThat(send("/endpoints/credit/invocations", "application/json; charset=latin-1", RECORDS).status()).isEqualTo(415);
        Response badValue = send("/endpoints/credit/invocations", "application/json",
                "{\"dataframe_records\":[{\"LoanAmount\":500,\"Sex\":\"male\"},{\"LoanAmount\":\"lots\",\"Sex\":\"robot\"}]}");
        assertThat(badValue.status()).isEqualTo(400);
        assertThat(badValue.json().path("error_code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(badValue.json().path("message").asText()).contains("field 'LoanAmount', row 1")
                .contains("field 'Sex', row 1: unknown category \"robot\"");
        for (String body : List.of("[1]", "{}", "{\"instances\":[],\"inputs\":[]}", "{\"dataframe_records\":[{\"Sex\":\"male\"}]}",
                "{\"dataframe_records\":[{\"LoanAmount\":NaN,\"Sex\":\"male\"}]}", "not json")) {
            Response response = send("/endpoints/credit/invocations", "application/json", body);
            assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(response.json().has("error_code")).isTrue();
        }
        assertThat(send("/endpoints/nope/invocations", "application/json", RECORDS).status()).isEqualTo(404);
    }

    @Test
    void openInferenceProtocol_columnarAndTensor_metadataAndHealth() {
        JsonNode columnar = ok(send("/v2/models/credit/infer", "application/json", "{\"id\":\"req-42\",\"parameters\":"
                + "{\"content_type\":\"pd\"},\"inputs\":[{\"name\":\"LoanAmount\",\"datatype\":\"FP64\",\"shape\":[2],"
                + "\"data\":[500,5000]},{\"name\":\"Sex\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"male\",\"female\"]}]}"));
        assertThat(columnar.path("id").asText()).isEqualTo("req-42");
        assertThat(columnar.path("model_name").asText()).isEqualTo("credit");
        assertThat(columnar.path("model_version").asText()).isEqualTo("1000");
        assertThat(columnar.at("/outputs/0/name").asText()).isEqualTo("predict");
        assertThat(columnar.at("/outputs/0/data").toString()).isEqualTo("[\"No Risk\",\"Risk\"]");
        assertThat(columnar.at("/outputs/1/name").asText()).isEqualTo("predict_proba");
        assertThat(columnar.at("/outputs/1/shape").toString()).isEqualTo("[2,2]");
        JsonNode probabilities = columnar.at("/outputs/1/data"); // classes in order: No Risk, Risk
        assertThat(probabilities.get(0).asDouble()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(probabilities.get(3).asDouble()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));

        JsonNode tensor = ok(send("/v2/models/credit/versions/1000/infer", "application/json", "{\"inputs\":[{\"name\":"
                + "\"input-0\",\"datatype\":\"BYTES\",\"shape\":[1,2],\"data\":[[\"5000\",\"male\"]]}]}"));
        assertThat(tensor.path("outputs")).isNotEmpty();

        Response wrongVersion = send("/v2/models/credit/versions/7/infer", "application/json", "{\"inputs\":[]}");
        assertThat(wrongVersion.status()).isEqualTo(404);
        assertThat(wrongVersion.json().has("error")).isTrue();
        Response bad = send("/v2/models/credit/infer", "application/json", "{\"inputs\":[{\"name\":\"LoanAmount\","
                + "\"datatype\":\"FP64\",\"shape\":[3],\"data\":[1,2]}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").asText()).contains("shape");

        JsonNode metadata = ok(client.get("/v2/models/credit"));
        assertThat(metadata.path("versions").toString()).isEqualTo("[\"1000\"]");
        assertThat(metadata.at("/inputs/0/name").asText()).isEqualTo("LoanAmount");
        assertThat(metadata.at("/inputs/0/datatype").asText()).isEqualTo("FP64");
        assertThat(metadata.at("/inputs/1/datatype").asText()).isEqualTo("BYTES");
        assertThat(ok(client.get("/v2/models/credit/ready")).path("ready").asBoolean()).isTrue();
        assertThat(client.get("/v2/models/nope/ready").status()).isEqualTo(400);
        assertThat(ok(client.get("/v2/health/live")).path("live").asBoolean()).isTrue();
        assertThat(ok(client.get("/v2/health/ready")).path("ready").asBoolean()).isTrue();
        assertThat(ok(client.get("/v2")).path("name").asText()).isEqualTo("mlops4j");
    }

    @Test
    void nativeApi_returnsProbabilitiesAndContributions() {
        JsonNode answer = ok(send("/api/2.0/mlops4j/endpoints/credit/predict", "application/json",
                "{\"inputs\":[{\"LoanAmount\":5000,\"Sex\":\"female\"}],\"explain\":true}"));
        assertThat(answer.path("model_version").asText()).isEqualTo("1000");
        assertThat(answer.at("/predictions/0/prediction").asText()).isEqualTo("Risk");
        assertThat(answer.at("/predictions/0/probabilities/Risk").asDouble()).isEqualTo(0.8);
        assertThat(answer.at("/predictions/0/contributions/LoanAmount").asDouble()).isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void apiKeys_rateLimits_andSizeLimits() throws Exception {
        ok(client.post(MGMT + "/deploy", "{\"name\":\"guarded\",\"model\":\"test:/credit-risk/1000\",\"max_request_bytes\":300}"));
        assertThat(send("/endpoints/guarded/invocations", "application/json", RECORDS).status()).isEqualTo(200);
        JsonNode key = ok(client.post(MGMT + "/api-keys/create", "{\"endpoint\":\"guarded\",\"requests_per_second\":2}"));
        String secret = key.path("secret").asText();
        Response anonymous = send("/endpoints/guarded/invocations", "application/json", RECORDS);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("error_code").asText()).isEqualTo("UNAUTHENTICATED");

        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = client.http().send(HttpRequest.newBuilder(URI.create(server.url()
                            + "/endpoints/guarded/invocations")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + secret).POST(HttpRequest.BodyPublishers.ofString(RECORDS)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                limited++;
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        assertThat(limited).isPositive();
        assertThat(retryAfter).isEqualTo("1");

        Thread.sleep(1100);
        Response tooBig = client.send(HttpRequest.newBuilder(URI.create(server.url() + "/endpoints/guarded/invocations"))
                .header("Content-Type", "application/json").header("X-API-Key", secret)
                .POST(HttpRequest.BodyPublishers.ofString(RECORDS.replace("500,", "500, \"pad\":\"" + "x".repeat(400) + "\","))).build());
        assertThat(tooBig.status()).isEqualTo(413);

        ok(client.post(MGMT + "/api-keys/revoke", "{\"endpoint\":\"guarded\",\"id\":\"" + key.at("/api_key/id").asText() + "\"}"));
        Response revoked = client.send(HttpRequest.newBuilder(URI.create(server.url() + "/endpoints/guarded/invocations"))
                .header("Content-Type", "application/json").header("X-API-Key", secret)
                .POST(HttpRequest.BodyPublishers.ofString(RECORDS)).build());
        assertThat(revoked.status()).isEqualTo(401);
    }

    @Test
    void canaryShadowRollback_andPayloadsAndMetrics() {
        ok(client.post(MGMT + "/deploy", "{\"name\":\"traffic\",\"model\":\"test:/credit-risk/1000\"}"));
        ok(client.post(MGMT + "/deploy", "{\"name\":\"traffic\",\"model\":\"test:/credit-risk/1000\",\"canary_model\":"
                + "\"test:/credit-risk/3000\",\"canary_share\":0.5,\"shadow_model\":\"test:/shadow/9000\"}"));
        int canary = 0;
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = sendRaw("/endpoints/traffic/invocations", RECORDS);
            assertThat(r.statusCode()).isEqualTo(200);
            canary += r.headers().firstValue("X-Model-Version").orElseThrow().equals("credit-risk/3000") ? 1 : 0;
        }
        assertThat(canary).isBetween(60, 140);
        JsonNode rolledBack = ok(client.post(MGMT + "/rollback", "{\"name\":\"traffic\"}")).path("endpoint");
        assertThat(rolledBack.has("canary")).isFalse();
        assertThat(rolledBack.at("/model/model_version").asText()).isEqualTo("1000");

        JsonNode count = ok(client.get("/api/2.0/mlops4j/payloads/count?endpoint=traffic&traffic=primary"));
        JsonNode canaryCount = ok(client.get("/api/2.0/mlops4j/payloads/count?endpoint=traffic&traffic=canary"));
        assertThat(count.path("count").asLong() + canaryCount.path("count").asLong()).isEqualTo(400);
        JsonNode recent = ok(client.get("/api/2.0/mlops4j/payloads/search?endpoint=traffic&max_results=1"));
        assertThat(recent.at("/records/0/features").asText()).as("the last request's second row, named as sent")
                .isEqualTo("{\"LoanAmount\":5000,\"Sex\":\"female\"}");

        JsonNode stored = ok(client.post(MGMT + "/traffic/feedback", "{\"label_column\":\"Risk\",\"records\":["
                + "{\"LoanAmount\":500,\"Sex\":\"male\",\"Risk\":\"No Risk\"},{\"request_id\":\"abc\",\"label\":\"Risk\"}]}"));
        assertThat(stored.path("stored").asInt()).isEqualTo(2);
        assertThat(ok(client.get("/api/2.0/mlops4j/feedback/count?endpoint=traffic")).path("count").asLong()).isEqualTo(2);
        assertThat(client.post(MGMT + "/traffic/feedback", "{\"records\":[{\"LoanAmount\":1}]}").status()).isEqualTo(400);
        assertThat(client.post(MGMT + "/nope/feedback", "{\"records\":[]}").status()).isEqualTo(404);

        String metrics = client.get("/metrics").body();
        assertThat(metrics).contains("mlops4j_serving_requests_total{code=\"200\",endpoint=\"traffic\"")
                .contains("mlops4j_serving_request_duration_seconds_bucket")
                .contains("mlops4j_serving_in_flight_requests").contains("mlops4j_payload_queue_depth")
                .contains("mlops4j_payload_records_dropped").contains("mlops4j_payload_records_corrupt_total 0.0")
                .contains("mlops4j_payload_records_unreadable_total 0.0");
        assertThat(metrics).contains("mlops4j_serving_shadow_requests_total");
    }
}
