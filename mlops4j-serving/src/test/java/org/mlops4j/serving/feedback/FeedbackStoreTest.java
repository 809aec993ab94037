package org.mlops4j.serving.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.core.Json;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

class FeedbackStoreTest {
    @TempDir
    Path dir;

    private static List<JsonNode> records(String json) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        Json.mapper().readTree(json).forEach(out::add);
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void labelledRecords_andRequestReferences_areStored_badBatchesWriteNothing(Backend backend) throws Exception {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(backend, dir))) {
            FeedbackStore feedback = new FeedbackStore(db, Clock.systemUTC());
            assertThat(feedback.record("credit", records("[{\"Age\":30,\"Sex\":\"male\",\"Risk\":\"No Risk\"},"
                    + "{\"request_id\":\"r-1\",\"row\":2,\"label\":\"Risk\"}]"), "Risk")).isEqualTo(2);
            List<FeedbackRecord> stored = feedback.recent("credit", 10);
            assertThat(stored).extracting(FeedbackRecord::label).containsExactly("Risk", "No Risk");
            assertThat(stored.get(0).rowIndex()).isEqualTo(2);
            assertThat(stored.get(1).features()).isEqualTo("{\"Age\":30,\"Sex\":\"male\"}");

            assertThatThrownBy(() -> feedback.record("credit", records("[{\"Age\":1,\"Risk\":\"Risk\"},{\"Age\":2}]"), "Risk"))
                    .hasMessageContaining("record 1").hasMessageContaining("'Risk'");
            assertThatThrownBy(() -> feedback.record("credit", records("[{\"request_id\":\"x\"}]"), null))
                    .hasMessageContaining("no 'label'");
            assertThat(feedback.count("credit")).isEqualTo(2);
        }
    }
}
