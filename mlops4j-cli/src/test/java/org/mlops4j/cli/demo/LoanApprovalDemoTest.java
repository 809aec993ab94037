package org.mlops4j.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Json;
import org.mlops4j.data.registry.DatasetRegistry;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.store.jdbc.Database;

/** The README's main command, end to end in a fresh workspace, each step checked through the API. */
class LoanApprovalDemoTest {
    @TempDir
    Path workspace;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    @Test
    void demo_runsTheWholeLifecycle() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LoanApprovalDemo demo = new LoanApprovalDemo(workspace, Path.of("..", "data", "german-credit").toAbsolutePath(), 0,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        LoanApprovalDemo.Summary summary;
        try {
            summary = demo.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("demo finished in %.1f s%n%s%n", seconds, printed.toString(StandardCharsets.UTF_8));
            String url = summary.url();

            // 2: at least three tracked runs in the experiment
            String experiment = get(url + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=credit-risk")
                    .at("/experiment/experiment_id").asText();
            HttpResponse<String> runs = http.send(HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow/runs/search"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"experiment_ids\":[\"" + experiment + "\"],\"max_results\":1000}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(Json.mapper().readTree(runs.body()).path("runs").size()).isGreaterThanOrEqualTo(3);

            // 3: @champion is on a version approved for prod
            JsonNode champion = get(url + "/api/2.0/mlflow/registered-models/alias?name=credit-risk&alias=champion")
                    .path("model_version");
            assertThat(champion.path("version").asText()).isEqualTo(summary.championVersion());
            JsonNode approvals = get(url + "/api/2.0/mlops4j/registry/approvals/list?name=credit-risk&version="
                    + summary.championVersion()).path("approvals");
            assertThat(approvals.get(0).path("status").asText()).isEqualTo("APPROVED");
            assertThat(approvals.get(0).path("environment").asText()).isEqualTo("prod");

            // 4: 19,000 payload records and the 98 feedback records
            // the 19,000 feed records, plus the one application the demo asks to explain
            assertThat(get(url + "/api/2.0/mlops4j/payloads/count?endpoint=credit-risk").path("count").asLong())
                    .isEqualTo(19_001);
            assertThat(get(url + "/api/2.0/mlops4j/feedback/count?endpoint=credit-risk").path("count").asLong())
                    .isEqualTo(98);
            assertThat(summary.candidates()).hasSizeGreaterThanOrEqualTo(3);
            // The champion is the best by validation AUC. (Test AUC, on the real UCI rows, is low by nature: the
            // synthetic training sample inverts some of their relationships, e.g. for young applicants.)
            assertThat(summary.champion().validationAuc()).isEqualTo(summary.candidates().stream()
                    .mapToDouble(LoanApprovalDemo.Candidate::validationAuc).max().orElseThrow());
            assertThat(summary.champion().validationAuc()).isGreaterThan(0.8);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[4/4]").contains("/metrics")
                    .containsPattern("example application: (Risk|No Risk) \\(P\\(Risk\\) = [01]\\.\\d\\d\\); main reasons: \\[\\w+ [+-]");
        } finally {
            demo.close();
        }
        // 1: the dataset version exists, identified by its digest
        try (Database db = Database.open("sqlite:///" + workspace.resolve("mlruns.db"));
             var artifacts = ArtifactStores.open(workspace.resolve("mlartifacts").toString())) {
            assertThat(DatasetRegistry.onDatabase(db, artifacts, Clock.systemUTC()).latest("credit-risk").digest())
                    .isEqualTo(summary.datasetDigest());
        }
    }
}
