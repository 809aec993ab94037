package org.mlops4j.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.mlops4j.server.TestServers;
import org.mlops4j.testkit.TestDatabases.Backend;

/** The artifact proxy over raw HTTP: round trips, listing, multipart, and paths that try to escape. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactProxyTest {
    private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";
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

    private Response put(String path, String content) {
        return client.send("PUT", PROXY + "/" + path, "application/octet-stream", content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void uploadDownloadListDelete_roundTrip() {
        assertThat(put("0/run1/artifacts/model/MLmodel", "flavors: {}").status()).isEqualTo(200);
        assertThat(put("0/run1/artifacts/model/data/weights.json", "[1,2,3]").status()).isEqualTo(200);
        assertThat(put("0/run1/artifacts/README.md", "hello").status()).isEqualTo(200);

        Response download = client.get(PROXY + "/0/run1/artifacts/model/data/weights.json");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("[1,2,3]");

        JsonNode listing = client.get(PROXY + "?path=0/run1/artifacts").json();
        assertThat(listing.at("/files/0/path").asText()).isEqualTo("README.md");
        assertThat(listing.at("/files/0/file_size").asLong()).isEqualTo(5);
        assertThat(listing.at("/files/1/path").asText()).isEqualTo("model");
        assertThat(listing.at("/files/1/is_dir").asBoolean()).isTrue();

        assertThat(client.send("DELETE", PROXY + "/0/run1/artifacts/model", null, new byte[0]).status()).isEqualTo(200);
        assertThat(client.get(PROXY + "/0/run1/artifacts/model/MLmodel").status()).isEqualTo(404);
        assertThat(client.get(PROXY + "/0/run1/artifacts/README.md").body()).isEqualTo("hello");
    }

    @Test
    void runArtifactList_showsPathsRelativeToTheRunRoot() {
        JsonNode run = client.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\"}").json().at("/run/info");
        String runId = run.path("run_id").asText();
        String root = run.path("artifact_uri").asText().substring("mlflow-artifacts:/".length());
        put(root + "/plots/roc.json", "{}");
        put(root + "/metrics.txt", "auc=0.8");

        JsonNode top = client.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId).json();
        assertThat(top.path("root_uri").asText()).isEqualTo(run.path("artifact_uri").asText());
        assertThat(top.at("/files/0/path").asText()).isEqualTo("metrics.txt");
        assertThat(top.at("/files/1/path").asText()).isEqualTo("plots");
        JsonNode plots = client.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=plots").json();
        assertThat(plots.at("/files/0/path").asText()).isEqualTo("plots/roc.json");
    }

    @Test
    void multipartUpload_joinsPartsInOrder() {
        JsonNode created = client.post("/api/2.0/mlflow-artifacts/mpu/create/big/file.bin",
                "{\"path\":\"big/file.bin\",\"num_parts\":3}").json();
        String uploadId = created.path("upload_id").asText();
        assertThat(created.path("credentials")).hasSize(3);
        StringBuilder expected = new StringBuilder();
        for (int part = 3; part >= 1; part--) { // parts may arrive in any order
            String url = created.path("credentials").get(part - 1).path("url").asText();
            assertThat(url).contains("part_number=" + part);
            String path = url.substring(server.url().length());
            Response response = client.send("PUT", path, "application/octet-stream",
                    ("part" + part).getBytes(StandardCharsets.UTF_8));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        for (int part = 1; part <= 3; part++) {
            expected.append("part").append(part);
        }
        Response complete = client.post("/api/2.0/mlflow-artifacts/mpu/complete/big/file.bin", "{\"path\":\"big/file.bin\","
                + "\"upload_id\":\"" + uploadId + "\",\"parts\":[{\"part_number\":1},{\"part_number\":2},{\"part_number\":3}]}");
        assertThat(complete.status()).as(complete.body()).isEqualTo(200);
        assertThat(client.get(PROXY + "/big/file.bin").body()).isEqualTo(expected.toString());
    }

    @Test
    void escapingPaths_areRejectedWith400() throws Exception {
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Path artifactRoot = dir.resolve("artifacts-SQLITE");
        Files.createSymbolicLink(artifactRoot.resolve("link"), outside);

        for (String path : List.of("../secret.txt", "a/../../secret.txt", "%2e%2e/secret.txt", "..%2fsecret.txt",
                "%252e%252e/secret.txt", "a/%2e%2e/%2e%2e/x", "link/secret.txt", "a\\..\\x")) {
            Response get = rawGet(PROXY + "/" + path);
            assertThat(get.status()).as("GET " + path + " -> " + get.body()).isEqualTo(400);
            assertThat(get.body()).doesNotContain("secret\"").contains("error_code");
            Response upload = rawRequest("PUT", PROXY + "/" + path, "x");
            assertThat(upload.status()).as("PUT " + path + " -> " + upload.body()).isEqualTo(400);
        }
        Response absolute = rawGet(PROXY + "//etc/passwd");
        assertThat(absolute.status()).as(absolute.body()).isEqualTo(400);
        assertThat(client.get(PROXY + "?path=../").status()).isEqualTo(400);
        assertThat(client.get("/api/2.0/mlflow/artifacts/list?run_id=x&path=../../").status()).isBetween(400, 404);
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret");
        assertThat(outside.toFile().list()).containsExactly("secret.txt");
    }

    /** java.net.http normalises some paths; a raw socket sends the request line exactly as written. */
    private Response rawGet(String path) throws Exception {
        return rawRequest("GET", path, null);
    }

    private Response rawRequest(String method, String path, String body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Response(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }
}
