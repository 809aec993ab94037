package org.mlops4j.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;
import org.mlops4j.core.Json;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.TestServers;
import org.mlops4j.testkit.TestDatabases.Backend;

/** Drives the real server with MLflow's official Java client (org.mlflow:mlflow-client 2.17.2). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowJavaClientTest {
    @TempDir
    static Path dir;
    private final Map<Backend, MlopsServer> servers = new EnumMap<>(Backend.class);
    private final Map<Backend, MlflowClient> clients = new EnumMap<>(Backend.class);

    @BeforeAll
    void startServers() {
        for (Backend backend : Backend.values()) {
            MlopsServer server = TestServers.start(backend, dir);
            servers.put(backend, server);
            clients.put(backend, new MlflowClient(server.url()));
        }
    }

    @AfterAll
    void stopServers() {
        clients.values().forEach(MlflowClient::close);
        servers.values().forEach(MlopsServer::close);
    }

    private static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void experiments_createGetRenameTagDeleteRestore(Backend backend) {
        MlflowClient client = clients.get(backend);
        String name = unique("credit");
        String id = client.createExperiment(name);
        assertThat(client.getExperiment(id).getName()).isEqualTo(name);
        assertThat(client.getExperimentByName(name)).map(Experiment::getExperimentId).contains(id);
        assertThat(client.getExperimentByName("no-such-" + name)).isEmpty();

        client.renameExperiment(id, name + "-renamed");
        client.setExperimentTag(id, "team", "risk");
        Experiment renamed = client.getExperiment(id);
        assertThat(renamed.getName()).isEqualTo(name + "-renamed");
        assertThat(renamed.getTagsList()).anyMatch(t -> t.getKey().equals("team") && t.getValue().equals("risk"));

        client.deleteExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        client.restoreExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");

        assertThatThrownBy(() -> client.createExperiment(name + "-renamed"))
                .isInstanceOf(MlflowHttpException.class)
                .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(400))
                .hasMessageContaining("RESOURCE_ALREADY_EXISTS");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchExperiments_filterOrderAndPaging(Backend backend) {
        MlflowClient client = clients.get(backend);
        String prefix = unique("page");
        for (int i = 0; i < 5; i++) {
            client.createExperiment(prefix + "-" + i);
        }
        ExperimentsPage first = client.searchExperiments("name LIKE '" + prefix + "%'", ViewType.ACTIVE_ONLY, 2,
                List.of("name DESC"));
        assertThat(first.getItems()).extracting(Experiment::getName).containsExactly(prefix + "-4", prefix + "-3");
        List<String> all = new ArrayList<>();
        for (var page = (org.mlflow.tracking.Page<Experiment>) first; ; page = page.getNextPage()) {
            page.getItems().forEach(e -> all.add(e.getName()));
            if (!page.hasNextPage()) {
                break;
            }
        }
        assertThat(all).hasSize(5);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void runs_paramsMetricsTagsHistoryAndTermination(Backend backend) {
        MlflowClient client = clients.get(backend);
        String experimentId = client.createExperiment(unique("runs"));
        RunInfo info = client.createRun(experimentId);
        String runId = info.getRunId();
        assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(info.getArtifactUri()).isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");

        client.logParam(runId, "max_depth", "6");
        client.logParam(runId, "max_depth", "6"); // same value: idempotent
        assertThatThrownBy(() -> client.logParam(runId, "max_depth", "7")).isInstanceOf(MlflowHttpException.class)
                .hasMessageContaining("INVALID_PARAMETER_VALUE");
        client.logMetric(runId, "loss", 0.9, 1000, 0);
        client.logMetric(runId, "loss", 0.5, 2000, 1);
        client.logMetric(runId, "loss", Double.NaN, 3000, 2);
        client.logMetric(runId, "gain", Double.POSITIVE_INFINITY, 3000, 0);
        client.setTag(runId, "stage", "dev");
        client.setTag(runId, "stage", "test");
        client.setTag(runId, "temp", "x");
        client.deleteTag(runId, "temp");

        Run run = client.getRun(runId);
        assertThat(run.getData().getParamsList()).extracting(Param::getKey, Param::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("max_depth", "6"));
        assertThat(run.getData().getTagsList()).extracting(RunTag::getKey).contains("stage").doesNotContain("temp");
        assertThat(run.getData().getTagsList()).filteredOn(t -> t.getKey().equals("stage")).extracting(RunTag::getValue)
                .containsExactly("test");
        Metric loss = run.getData().getMetricsList().stream().filter(m -> m.getKey().equals("loss")).findFirst().orElseThrow();
        assertThat(loss.getValue()).isNaN();
        assertThat(loss.getStep()).isEqualTo(2);
        assertThat(run.getData().getMetricsList()).filteredOn(m -> m.getKey().equals("gain")).extracting(Metric::getValue)
                .containsExactly(Double.POSITIVE_INFINITY);

        List<Metric> history = client.getMetricHistory(runId, "loss");
        assertThat(history).extracting(Metric::getStep).containsExactly(0L, 1L, 2L);
        assertThat(history.get(0).getValue()).isEqualTo(0.9);
        assertThat(history.get(0).getTimestamp()).isEqualTo(1000L);

        client.setTerminated(runId, RunStatus.FINISHED, 5000);
        RunInfo finished = client.getRun(runId).getInfo();
        assertThat(finished.getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(finished.getEndTime()).isEqualTo(5000L);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logBatch_writesEverything_andHistoryPages(Backend backend) throws Exception {
        MlflowClient client = clients.get(backend);
        String runId = client.createRun(client.createExperiment(unique("batch"))).getRunId();
        for (int batch = 0; batch < 30; batch++) {
            int offset = batch * 1000;
            List<Metric> metrics = IntStream.range(0, 1000).mapToObj(i -> Metric.newBuilder().setKey(offset < 25_000 ? "loss" : "extra")
                    .setValue(offset + i).setTimestamp(offset + i).setStep(offset + i).build()).toList();
            client.logBatch(runId, metrics, List.of(), List.of());
        }
        client.logBatch(runId, List.of(), List.of(Param.newBuilder().setKey("eta").setValue("0.3").build()),
                List.of(RunTag.newBuilder().setKey("note").setValue("batched").build()));
        // The client asks for 25,000 points a page. (Past one page, mlflow-client 2.17.2 itself fails: it
        // calls addAll on the unmodifiable protobuf list. So paging is checked below over plain HTTP.)
        List<Metric> history = client.getMetricHistory(runId, "loss");
        assertThat(history).hasSize(25_000);
        assertThat(history.get(24_999).getValue()).isEqualTo(24_999.0);
        assertThat(client.getRun(runId).getData().getParamsList()).hasSize(1);

        int seen = 0;
        String token = "";
        do {
            JsonNode page = Json.mapper().readTree(client.sendGet("metrics/get-history?run_id=" + runId
                    + "&metric_key=loss&max_results=10000" + (token.isEmpty() ? "" : "&page_token=" + token)));
            assertThat(page.path("metrics").get(0).path("step").asLong()).isEqualTo(seen);
            seen += page.path("metrics").size();
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        assertThat(seen).isEqualTo(25_000);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchRuns_filterOrderPagingAndDeleteRestore(Backend backend) {
        MlflowClient client = clients.get(backend);
        String experimentId = client.createExperiment(unique("search"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String runId = client.createRun(experimentId).getRunId();
            ids.add(runId);
            client.logMetric(runId, "auc", 0.5 + i * 0.05, 1, 0);
            client.logParam(runId, "algo", i < 4 ? "xgboost" : "logistic");
        }
        RunsPage page = client.searchRuns(List.of(experimentId), "params.algo = 'xgboost' and metrics.auc > 0.52",
                ViewType.ACTIVE_ONLY, 2, List.of("metrics.auc DESC"));
        assertThat(page.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(ids.get(3), ids.get(2));
        assertThat(page.hasNextPage()).isTrue();
        var next = page.getNextPage();
        assertThat(next.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(ids.get(1));
        assertThat(next.hasNextPage()).isFalse();

        client.deleteRun(ids.get(3));
        assertThat(client.searchRuns(List.of(experimentId), "params.algo = 'xgboost'")).hasSize(3);
        assertThat(client.searchRuns(List.of(experimentId), "params.algo = 'xgboost'", ViewType.DELETED_ONLY))
                .extracting(RunInfo::getRunId).containsExactly(ids.get(3));
        assertThatThrownBy(() -> client.logMetric(ids.get(3), "auc", 1.0)).isInstanceOf(MlflowHttpException.class);
        client.restoreRun(ids.get(3));
        assertThat(client.searchRuns(List.of(experimentId), "params.algo = 'xgboost'")).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logMetric_from32ClientThreads_losesNothing(Backend backend) throws Exception {
        String runId = clients.get(backend).createRun(clients.get(backend).createExperiment(unique("threads"))).getRunId();
        int threads = 32;
        int perThread = 40;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try (MlflowClient own = new MlflowClient(servers.get(backend).url())) {
                    for (int i = 0; i < perThread; i++) {
                        own.logMetric(runId, "loss", thread * 1000 + i, System.currentTimeMillis(), i);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(failures).isEmpty();
        List<Metric> history = clients.get(backend).getMetricHistory(runId, "loss");
        assertThat(history).hasSize(threads * perThread);
        assertThat(history.stream().mapToDouble(Metric::getValue).distinct().count()).isEqualTo(threads * perThread);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unknownIds_areNotFound(Backend backend) {
        MlflowClient client = clients.get(backend);
        assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef"))
                .isInstanceOf(MlflowHttpException.class)
                .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(404));
        assertThatThrownBy(() -> client.getExperiment("987654"))
                .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(404));
    }
}
