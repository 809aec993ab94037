package org.mlops4j.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.server.ChildServer;
import org.mlops4j.server.EventLine;
import org.mlops4j.server.HttpTestClient;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.ServerConfig;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

/**
 * Registry events written before the server is killed with SIGKILL reach their subscriber after a
 * restart: at least once, in order per model, none lost.
 */
class EventsSurviveCrashTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eventsWrittenBeforeKill9_areDeliveredAfterRestart(Backend backend) throws Exception {
        String database = TestDatabases.newDatabaseUri(backend, dir);
        String artifacts = dir.resolve("artifacts").toString();
        Path sink = dir.resolve("sink-" + backend + ".log");
        int modelsCount = 2;
        int versionsPerModel = 6;

        try (ChildServer child = ChildServer.start(List.of(), List.of(database, artifacts, sink.toString(), "300"))) {
            HttpTestClient client = new HttpTestClient(child.url()).as("ana");
            for (int m = 0; m < modelsCount; m++) {
                client.post("/api/2.0/mlflow/registered-models/create", "{\"name\":\"model-" + m + "\"}");
            }
            for (int v = 0; v < versionsPerModel; v++) {
                for (int m = 0; m < modelsCount; m++) {
                    assertThat(client.post("/api/2.0/mlflow/model-versions/create", "{\"name\":\"model-" + m
                            + "\",\"source\":\"s3://b/" + m + "/" + v + "\"}").status()).isEqualTo(200);
                }
            }
            waitFor(() -> Files.exists(sink) && Files.readAllLines(sink).size() >= 2, 20_000);
            child.kill(); // SIGKILL while the slow subscriber is mid-way
        }
        List<String> beforeCrash = Files.readAllLines(sink);
        assertThat(beforeCrash.size()).isBetween(2, modelsCount * versionsPerModel - 1);

        List<String> afterRestart = new CopyOnWriteArrayList<>();
        try (MlopsServer restarted = MlopsServer.start(new ServerConfig("127.0.0.1", 0, database, artifacts))) {
            restarted.events().subscribe("sink", event -> afterRestart.add(EventLine.of(event)));
            waitFor(() -> afterRestart.size() + beforeCrash.size() >= modelsCount * versionsPerModel, 20_000);
            restarted.events().deliverAll();
        }

        // Nothing lost: every version's creation was seen, before or after the crash.
        List<String> all = new ArrayList<>(beforeCrash);
        all.addAll(afterRestart);
        assertThat(all.stream().filter(l -> l.contains("ModelVersionCreated")).map(EventLine::id).distinct().count())
                .isEqualTo(modelsCount * versionsPerModel);
        // Resumed where the subscriber stopped: at most the event in flight is seen twice.
        long lastAcknowledged = EventLine.id(beforeCrash.get(beforeCrash.size() - 1));
        assertThat(EventLine.id(afterRestart.get(0))).isLessThanOrEqualTo(lastAcknowledged + 1);
        assertThat(afterRestart.stream().filter(l -> EventLine.id(l) <= lastAcknowledged).count()).isLessThanOrEqualTo(1);
        // In order per model: versions of each model arrive in increasing order.
        Map<String, List<Integer>> versionsByModel = new LinkedHashMap<>();
        for (String line : afterRestart) {
            String model = line.split(" ")[1];
            int version = Integer.parseInt(line.replaceAll(".*\"version\":(\\d+).*", "$1"));
            versionsByModel.computeIfAbsent(model, k -> new ArrayList<>()).add(version);
        }
        versionsByModel.values().forEach(versions -> assertThat(versions).isSorted());
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private static void waitFor(Check check, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!check.done()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(20);
        }
    }
}
