package org.mlops4j.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.server.ChildServer;
import org.mlops4j.server.HttpTestClient;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.ServerConfig;
import org.mlops4j.serving.ThresholdModel;
import org.mlops4j.serving.payload.PayloadLoader;
import org.mlops4j.serving.payload.PayloadQueries;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;

/**
 * SIGKILL the server while 8 clients score: after a restart, every request that was answered 200
 * has its payload record.
 */
class PayloadSurvivesCrashTest {
    private static final String BODY = "{\"dataframe_records\":[{\"LoanAmount\":500,\"Sex\":\"male\"},"
            + "{\"LoanAmount\":5000,\"Sex\":\"female\"}]}";
    @TempDir
    Path dir;

    @Test
    void kill9UnderLoad_everyAnsweredRequestHasItsPayloadAfterRestart() throws Exception {
        String database = TestDatabases.newSqliteUri(dir);
        String artifacts = dir.resolve("artifacts").toString();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger failedAfterKill = new AtomicInteger();
        try (ChildServer child = ChildServer.start(List.of(), database, artifacts)) {
            HttpTestClient admin = new HttpTestClient(child.url());
            assertThat(admin.post("/api/2.0/mlops4j/endpoints/deploy", "{\"name\":\"credit\",\"model\":\"test:/credit/1000\"}")
                    .status()).isEqualTo(200);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger counter = new AtomicInteger();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            List<Thread> clients = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                clients.add(Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        String id = "req-" + counter.incrementAndGet();
                        try {
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(child.url()
                                            + "/endpoints/credit/invocations")).header("Content-Type", "application/json")
                                    .header("X-Request-Id", id).timeout(Duration.ofSeconds(5))
                                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                answered.add(id);
                            }
                        } catch (Exception e) {
                            failedAfterKill.incrementAndGet(); // the server is gone
                        }
                    }
                }));
            }
            while (answered.size() < 2_000) {
                Thread.sleep(10);
            }
            child.kill();
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
        }
        assertThat(failedAfterKill.get()).isPositive(); // the kill really happened under load

        try (MlopsServer restarted = MlopsServer.start(new ServerConfig("127.0.0.1", 0, database, artifacts),
                (registry, store) -> ThresholdModel.loader())) {
            long count = new HttpTestClient(restarted.url()).get("/api/2.0/mlops4j/payloads/count?endpoint=credit").json()
                    .path("count").asLong();
            assertThat(count).isGreaterThanOrEqualTo(2L * answered.size());
        }
        Set<String> logged = new HashSet<>();
        try (Database db = Database.open(database);
             PayloadLoader loader = new PayloadLoader(db, Path.of(artifacts + "-payloads"), 3_600_000)) {
            new PayloadQueries(db, loader).forEach("credit", Long.MIN_VALUE, Long.MAX_VALUE, r -> {
                if (r.rowIndex() == 1) {
                    logged.add(r.requestId());
                }
            });
        }
        assertThat(logged).containsAll(answered);
    }
}
