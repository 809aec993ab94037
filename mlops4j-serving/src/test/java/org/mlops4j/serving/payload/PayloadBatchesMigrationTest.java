package org.mlops4j.serving.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

/** Rows of the first payload table (one per scored row, before V4) move into batches intact. */
class PayloadBatchesMigrationTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void recordsOfTheRowTable_readBackUnchanged_afterTheMoveToBatches(Backend backend) {
        PayloadRecord first = new PayloadRecord("req-1", 0, "credit", "credit-risk", "3", "primary", 1_700_000_000_000L, 0.25,
                "{\"Age\":31,\"Purpose\":\"caf\u00e9 \\\"new\\\"\",\"Loan\":null}",
                "{\"prediction\":\"Risk\",\"probabilities\":{\"No Risk\":0.3,\"Risk\":0.7}}");
        PayloadRecord second = new PayloadRecord("req-2", 1, "credit", null, null, "shadow", 1_700_000_000_500L, 1.5,
                "{\"Age\":40.5}", "{\"prediction\":2.5}");
        try (Database db = Database.open(TestDatabases.newDatabaseUri(backend, dir))) {
            Flyway.configure(Database.class.getClassLoader()).dataSource(db.dataSource())
                    .locations("classpath:db/serving/" + db.dialect().migrationFolder()).table("schema_history_serving")
                    .target("3").load().migrate();
            for (PayloadRecord r : List.of(first, second)) {
                db.writeVoid(h -> h.createUpdate("INSERT INTO payload_records (request_id, row_index, endpoint, model_name, "
                                + "model_version, traffic, scored_at, latency_ms, features, prediction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .bind(0, r.requestId()).bind(1, r.rowIndex()).bind(2, r.endpoint()).bind(3, r.modelName())
                        .bind(4, r.modelVersion()).bind(5, r.traffic()).bind(6, r.scoredAt()).bind(7, r.latencyMs())
                        .bind(8, r.features()).bind(9, r.prediction()).execute());
            }

            try (PayloadLoader loader = new PayloadLoader(db, dir.resolve("empty-journal"), 3_600_000)) { // migrates to the latest
                PayloadQueries queries = new PayloadQueries(db, loader);
                List<PayloadRecord> stored = new ArrayList<>();
                queries.forEach("credit", Long.MIN_VALUE, Long.MAX_VALUE, stored::add);
                assertThat(stored).hasSize(2);
                assertThat(stored.get(0)).usingRecursiveComparison().ignoringFields("features", "prediction").isEqualTo(first);
                assertThat(stored.get(1)).usingRecursiveComparison().ignoringFields("features", "prediction").isEqualTo(second);
                assertThat(json(stored.get(0).features())).isEqualTo(json(first.features()));
                assertThat(json(stored.get(0).prediction())).isEqualTo(json(first.prediction()));
                assertThat(json(stored.get(1).features())).isEqualTo(json(second.features()));
                assertThat(queries.count("credit", "shadow")).isEqualTo(1);
                assertThat(queries.recent("credit", 1)).extracting(PayloadRecord::requestId).containsExactly("req-2");
            }
        }
    }

    /** The same JSON value, whatever the spacing a database's JSON functions wrote it with. */
    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return org.mlops4j.core.Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
