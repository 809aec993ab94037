package org.mlops4j.serving.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.MlopsException;
import org.mlops4j.serving.Scored;
import org.mlops4j.serving.ScoringService;
import org.mlops4j.serving.ThresholdModel;
import org.mlops4j.serving.metrics.ServingMetrics;
import org.mlops4j.serving.payload.OverflowPolicy;
import org.mlops4j.serving.payload.PayloadLoader;
import org.mlops4j.serving.payload.PayloadLog;
import org.mlops4j.serving.payload.PayloadQueries;
import org.mlops4j.serving.payload.PayloadRecord;
import org.mlops4j.serving.protocol.RawColumns;
import org.mlops4j.serving.validation.UnknownCategoryPolicy;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;

class EndpointServiceTest {
    @TempDir
    Path dir;
    private Database db;
    private EndpointService endpoints;
    private PayloadLog payloads;
    private PayloadLoader loader;
    private ScoringService scoring;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.newSqliteUri(dir));
        endpoints = new EndpointService(db, ThresholdModel.loader(), Clock.systemUTC());
        payloads = new PayloadLog(dir.resolve("journal"), 10_000, OverflowPolicy.BLOCK);
        // The loader drains the journal's backlog; without it a blocking log would stop scoring.
        loader = new PayloadLoader(db, dir.resolve("journal"), 20);
        loader.follow(payloads);
        scoring = new ScoringService(endpoints, payloads, new ServingMetrics(payloads), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        scoring.close();
        loader.close();
        payloads.close();
        db.close();
    }

    private static RawColumns rows(double... amounts) {
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        List<Object> amount = new ArrayList<>();
        List<Object> sex = new ArrayList<>();
        for (double a : amounts) {
            amount.add(a);
            sex.add("female");
        }
        columns.put("LoanAmount", amount);
        columns.put("Sex", sex);
        return RawColumns.of(columns, amounts.length);
    }

    private static EndpointConfig config(String model, String canary, double share, String shadow) {
        return new EndpointConfig(model, canary, share, shadow, UnknownCategoryPolicy.REJECT, true, 0);
    }

    @Test
    void hotSwap_underConcurrentLoad_failsNoRequest_andNoRequestSeesAMix() throws Exception {
        endpoints.deploy("credit", config("test:/credit/1000", null, 0, null), "ana");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> versions = new ConcurrentHashMap<>();
        List<Thread> clients = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(8);
        for (int t = 0; t < 8; t++) {
            clients.add(Thread.ofPlatform().start(() -> {
                started.countDown();
                while (running.get()) {
                    try {
                        Scored scored = scoring.score("credit", rows(1500, 500, 2500), false, false, null);
                        scored.logged().get();
                        versions.merge(scored.modelVersion(), 1, Integer::sum);
                        served.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        started.await();
        for (int swap = 0; swap < 20; swap++) {
            endpoints.deploy("credit", config("test:/credit/" + (swap % 2 == 0 ? 2000 : 1000), null, 0, null), "ana");
            Thread.sleep(10);
        }
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        assertThat(failures).isEmpty();
        assertThat(served.get()).isGreaterThan(100);
        assertThat(versions.keySet()).containsExactlyInAnyOrder("1000", "2000");
    }

    @Test
    void aSchemaThatCannotBeSaved_failsTheJournaling_andNothingIsWrittenThatNamesIt() throws Exception {
        endpoints.deploy("credit", config("test:/credit/1000", null, 0, null), "ana");
        Files.writeString(dir.resolve("journal").resolve("schemas"), "a file where the directory would go");

        Scored scored = scoring.score("credit", rows(1500, 9000), false, false, "req-1");
        assertThat(scored.predictions()).hasSize(2); // the routes answer 503 on the failed future
        assertThatThrownBy(() -> scored.logged().get()).cause().isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write payload schema");
        assertThat(payloads.writtenCount()).isZero();

        Files.delete(dir.resolve("journal").resolve("schemas"));
        scoring.score("credit", rows(1500), false, false, "req-2").logged().get();
        PayloadQueries queries = new PayloadQueries(db, loader);
        List<PayloadRecord> recorded = queries.recent("credit", 10);
        assertThat(recorded).extracting(PayloadRecord::requestId).containsExactly("req-2");
        assertThat(recorded.get(0).features()).isEqualTo("{\"LoanAmount\":1500,\"Sex\":\"female\"}");
    }

    @Test
    void canary_takesItsShare_shadowIsRecordedButNeverReturned() throws Exception {
        endpoints.deploy("credit", config("test:/credit/1000", "test:/credit/3000", 0.3, "test:/shadow/5000"), "ana");
        Map<String, Integer> byVersion = new ConcurrentHashMap<>();
        for (int i = 0; i < 2000; i++) {
            Scored scored = scoring.score("credit", rows(1500), false, false, "req-" + i);
            byVersion.merge(scored.modelVersion() + "/" + scored.traffic(), 1, Integer::sum);
            assertThat(scored.modelName()).isNotEqualTo("shadow");
            scored.logged().get();
        }
        assertThat(byVersion.keySet()).containsExactlyInAnyOrder("1000/primary", "3000/canary");
        assertThat(byVersion.get("3000/canary")).isBetween(450, 750); // 30% of 2000, well within 5 sigma
        Thread.sleep(300); // shadow answers arrive in the background
        payloads.close();
        Map<String, Integer> logged = new ConcurrentHashMap<>();
        try (PayloadLoader loader = new PayloadLoader(db, dir.resolve("journal"), 3_600_000)) {
            PayloadQueries queries = new PayloadQueries(db, loader);
            queries.forEach("credit", Long.MIN_VALUE, Long.MAX_VALUE,
                    r -> logged.merge(r.modelName() + "/" + r.modelVersion() + "/" + r.traffic(), 1, Integer::sum));
            assertThat(queries.count("credit", "shadow")).isEqualTo(2000);
            assertThat(queries.count("credit", null)).isEqualTo(4000);
        }
        assertThat(logged).containsOnlyKeys("credit/1000/primary", "credit/3000/canary", "shadow/5000/shadow");
        assertThat(logged.get("credit/1000/primary") + logged.get("credit/3000/canary")).isEqualTo(2000);
        assertThat(logged.get("shadow/5000/shadow")).isEqualTo(2000);
    }

    @Test
    void rollback_returnsToThePreviousConfiguration_andSurvivesARestart() {
        endpoints.deploy("credit", config("test:/credit/1000", null, 0, null), "ana");
        endpoints.deploy("credit", config("test:/credit/2000", null, 0, null), "ana");
        assertThat(endpoints.routing("credit").primary().runtime().modelVersion()).isEqualTo("2000");
        endpoints.rollback("credit", "ana");
        assertThat(endpoints.routing("credit").primary().runtime().modelVersion()).isEqualTo("1000");
        EndpointService restarted = new EndpointService(db, ThresholdModel.loader(), Clock.systemUTC());
        restarted.start();
        assertThat(restarted.routing("credit").primary().runtime().modelVersion()).isEqualTo("1000");
    }

    @Test
    void aModelThatFailsToLoad_leavesTheEndpointAsItWas() {
        endpoints.deploy("credit", config("test:/credit/1000", null, 0, null), "ana");
        assertThatThrownBy(() -> endpoints.deploy("credit", config("test:/broken", null, 0, null), "ana"))
                .isInstanceOf(MlopsException.class);
        assertThat(endpoints.routing("credit").primary().runtime().modelVersion()).isEqualTo("1000");
        assertThatThrownBy(() -> endpoints.deploy("Bad Name", config("test:/credit/1", null, 0, null), "ana"))
                .hasMessageContaining("Invalid endpoint name");
        assertThatThrownBy(() -> config("test:/credit/1", null, 0.5, null)).hasMessageContaining("no canary");
        assertThatThrownBy(() -> scoring.score("nope", rows(1), false, false, null)).hasMessageContaining("not found");
    }
}
