package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.registry.DatasetRegistry;
import org.mlops4j.data.registry.DatasetVersion;
import org.mlops4j.data.registry.LineageRecord;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

/** Dataset versions logged on runs and in the registry's lineage, on SQLite and PostgreSQL. */
class DatasetLineageContractTest {
    private static final Path TRAINING = Path.of("..", "data", "german-credit", "german_credit_data_biased_training.csv");
    private static final Path TEST_CSV = Path.of("..", "data", "german-credit", "credit_risk_test_data.csv");

    @TempDir
    Path dir;
    private Database db;
    private TrackingService tracking;
    private DatasetRegistry registry;
    private DatasetLineage lineage;

    private void open(Backend backend) {
        db = Database.open(TestDatabases.newDatabaseUri(backend, dir));
        tracking = TrackingService.onDatabase(db, Clock.systemUTC(), "mlflow-artifacts:");
        registry = DatasetRegistry.onDatabase(db, null, Clock.systemUTC());
        lineage = new DatasetLineage(tracking, registry);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logInput_recordsAnMlflowDatasetInputAndRegistryLineage(Backend backend) throws Exception {
        open(backend);
        DatasetVersion version = registry.register("credit-risk", TRAINING).version();
        String runId = tracking.createRun("0", "train", null, List.of(), null).info().runId();

        DatasetInput input = lineage.logInput(runId, "credit-risk", 1, DatasetLineage.TRAINING);

        Run run = tracking.getRun(runId);
        assertThat(run.inputs()).containsExactly(input);
        LoggedDataset logged = run.inputs().get(0).dataset();
        assertThat(logged.name()).isEqualTo("credit-risk");
        assertThat(logged.digest()).isEqualTo(version.digest().substring(0, 32)).hasSize(32);
        assertThat(run.inputs().get(0).tags()).containsExactly(new Tag("mlflow.data.context", "training"));
        JsonNode source = Json.mapper().readTree(logged.source());
        assertThat(source.get("digest").asText()).isEqualTo("sha256:" + version.digest());
        assertThat(source.get("version").asInt()).isEqualTo(1);
        JsonNode schema = Json.mapper().readTree(logged.schema());
        assertThat(schema.get("mlflow_colspec")).hasSize(21);
        assertThat(schema.get("mlflow_colspec").get(1).get("type").asText()).isEqualTo("double");
        assertThat(schema.get("mlops4j_schema").get("columns").get(8).get("domain").toString())
                .isEqualTo("[\"female\",\"male\"]");
        JsonNode profile = Json.mapper().readTree(logged.profile());
        assertThat(profile.get("num_rows").asLong()).isEqualTo(5000);
        assertThat(profile.get("num_elements").asLong()).isEqualTo(105000);

        assertThat(registry.lineageOfRun(runId)).extracting(LineageRecord::name, LineageRecord::version,
                LineageRecord::context).containsExactly(org.assertj.core.groups.Tuple.tuple("credit-risk", 1, "training"));
        assertThat(tracking.searchRuns(List.of("0"), "datasets.name = 'credit-risk' AND datasets.context = 'training'",
                ViewType.ACTIVE_ONLY, List.of(), 10, null, false).items()).extracting(r -> r.info().runId())
                .containsExactly(runId);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logInput_twiceAndForASecondVersion_isIdempotentPerVersionAndContext(Backend backend) {
        open(backend);
        registry.register("credit-risk", TRAINING);
        DatasetVersion second = registry.register("credit-risk", TEST_CSV).version();
        String runId = tracking.createRun("0", "train", null, List.of(), null).info().runId();
        lineage.logInput(runId, "credit-risk", 1, DatasetLineage.TRAINING);
        lineage.logInput(runId, "credit-risk", 1, DatasetLineage.TRAINING);
        lineage.logInput(runId, second, DatasetLineage.EVALUATION);
        assertThat(tracking.getRun(runId).inputs()).hasSize(2);
        assertThat(registry.lineageOfRun(runId)).extracting(LineageRecord::version, LineageRecord::context)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "training"),
                        org.assertj.core.groups.Tuple.tuple(2, "evaluation"));
        assertThat(registry.lineage("credit-risk", 1)).extracting(LineageRecord::runId).containsExactly(runId);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logInput_unknownRunOrVersion_recordsNothing(Backend backend) {
        open(backend);
        registry.register("credit-risk", TRAINING);
        assertThatThrownBy(() -> lineage.logInput("0123456789abcdef0123456789abcdef", "credit-risk", 1, "training"))
                .isInstanceOf(MlopsException.class)
                .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        assertThat(registry.lineage("credit-risk", 1)).isEmpty();
        String runId = tracking.createRun("0", "train", null, List.of(), null).info().runId();
        assertThatThrownBy(() -> lineage.logInput(runId, "credit-risk", 9, "training"))
                .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        assertThat(tracking.getRun(runId).inputs()).isEmpty();
    }
}
