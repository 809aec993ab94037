package org.mlops4j.data.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.TestData;
import org.mlops4j.data.io.TableReader;
import org.mlops4j.data.schema.Schema;
import org.mlops4j.data.schema.SchemaInference;
import org.mlops4j.data.stats.Statistics;
import org.mlops4j.store.artifact.ArtifactPath;
import org.mlops4j.store.artifact.LocalArtifactStore;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

/** The registry contract, run against a real SQLite file and a real PostgreSQL server. */
class DatasetRegistryContractTest {
    @TempDir
    Path dir;
    private Database db;
    private DatasetRegistry registry;

    private void open(Backend backend) {
        db = Database.open(TestDatabases.newDatabaseUri(backend, dir));
        registry = DatasetRegistry.onDatabase(db, null, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void register_storesAVersionWithDigestStatisticsAndInferredSchema(Backend backend) {
        open(backend);
        Registration r = registry.register("credit-risk", TestData.TRAINING);
        assertThat(r.created()).isTrue();
        DatasetVersion v = r.version();
        assertThat(v.version()).isEqualTo(1);
        assertThat(v.digest()).isEqualTo("20c7ac6cc2b913921172340f16075dcf1a57954a5f63679692dec331263ea964");
        assertThat(v.rowCount()).isEqualTo(5000);
        assertThat(v.columnCount()).isEqualTo(21);
        assertThat(v.format()).isEqualTo("csv");
        assertThat(v.sizeBytes()).isEqualTo(689622);
        assertThat(v.sourceType()).isEqualTo("local");
        assertThat(registry.get("credit-risk", 1)).isEqualTo(v);
        var expected = Statistics.of(TableReader.read(TestData.TRAINING));
        assertThat(registry.statistics("credit-risk", 1)).isEqualTo(expected);
        SchemaRevision schema = registry.schema("credit-risk", 1);
        assertThat(schema.revision()).isEqualTo(1);
        assertThat(schema.note()).isEqualTo("inferred");
        assertThat(schema.schema()).isEqualTo(SchemaInference.infer(expected));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void register_sameContentTwice_isOneVersion_newContentIsTheNext(Backend backend) throws Exception {
        open(backend);
        DatasetVersion first = registry.register("credit-risk", TestData.TRAINING).version();
        Path copy = Files.copy(TestData.TRAINING, dir.resolve("renamed.csv"));
        Registration again = registry.register("credit-risk", copy);
        assertThat(again.created()).isFalse();
        assertThat(again.version()).isEqualTo(first);
        Registration second = registry.register("credit-risk", TestData.TEST_CSV);
        assertThat(second.created()).isTrue();
        assertThat(second.version().version()).isEqualTo(2);
        assertThat(registry.versions("credit-risk")).extracting(DatasetVersion::version).containsExactly(1, 2);
        assertThat(registry.latest("credit-risk").version()).isEqualTo(2);
        assertThat(registry.register("other", TestData.TRAINING).version().version()).isEqualTo(1);
        assertThat(registry.names()).containsExactly("credit-risk", "other");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void register_corruptFile_failsNamingTheLineAndLeavesNoVersion(Backend backend) throws Exception {
        open(backend);
        registry.register("credit-risk", TestData.TRAINING);
        List<String> lines = Files.readAllLines(TestData.TEST_CSV);
        lines.set(500, lines.get(500).substring(0, lines.get(500).lastIndexOf(',')));
        Path ragged = dir.resolve("ragged.csv");
        Files.write(ragged, lines);
        assertThatThrownBy(() -> registry.register("credit-risk", ragged)).isInstanceOf(MlopsException.class)
                .hasMessageStartingWith("ragged.csv: line 501, column 21: expected 21 fields but found 20");
        assertThatThrownBy(() -> registry.register("brand-new", ragged)).isInstanceOf(MlopsException.class);
        assertThat(registry.versions("credit-risk")).hasSize(1);
        assertThat(registry.names()).containsExactly("credit-risk");
        assertThat(registry.versions("brand-new")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updateSchema_addsARevisionAndKeepsTheHistory(Backend backend) {
        open(backend);
        registry.register("credit-risk", TestData.TRAINING);
        Schema inferred = registry.schema("credit-risk", 1).schema();
        Schema edited = inferred.with(inferred.column("Age").orElseThrow().withRange(18.0, 99.0));
        SchemaRevision revision = registry.updateSchema("credit-risk", 1, edited, "adults up to 99");
        assertThat(revision.revision()).isEqualTo(2);
        assertThat(registry.schema("credit-risk", 1).schema()).isEqualTo(edited);
        assertThat(registry.schemaHistory("credit-risk", 1)).extracting(SchemaRevision::revision, SchemaRevision::note)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "inferred"),
                        org.assertj.core.groups.Tuple.tuple(2, "adults up to 99"));
        assertThatThrownBy(() -> registry.updateSchema("credit-risk", 7, edited, "x"))
                .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void recordLineage_isIdempotentAndQueryableBothWays(Backend backend) {
        open(backend);
        registry.register("credit-risk", TestData.TRAINING);
        registry.register("credit-risk", TestData.TEST_CSV);
        registry.recordLineage("credit-risk", 1, "run-a", "training");
        registry.recordLineage("credit-risk", 1, "run-a", "training");
        registry.recordLineage("credit-risk", 2, "run-a", "evaluation");
        registry.recordLineage("credit-risk", 1, "run-b", "training");
        assertThat(registry.lineage("credit-risk", 1)).extracting(LineageRecord::runId).containsExactlyInAnyOrder("run-a", "run-b");
        assertThat(registry.lineageOfRun("run-a")).extracting(LineageRecord::version, LineageRecord::context)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "training"),
                        org.assertj.core.groups.Tuple.tuple(2, "evaluation"));
        assertThatThrownBy(() -> registry.recordLineage("credit-risk", 3, "run-a", "training"))
                .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentRegistrations_ofOneDataset_getDistinctVersions(Backend backend) throws Exception {
        open(backend);
        List<Path> files = List.of(TestData.TEST_CSV, TestData.FEEDBACK, TestData.RED_WINE, TestData.UCI);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Registration>> futures = files.stream().map(f -> pool.submit(() -> registry.register("all", f))).toList();
            for (Future<Registration> future : futures) {
                assertThat(future.get().created()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(registry.versions("all")).extracting(DatasetVersion::version).containsExactly(1, 2, 3, 4);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void register_withArtifactStore_keepsAContentAddressedCopy(Backend backend) throws Exception {
        open(backend);
        LocalArtifactStore artifacts = new LocalArtifactStore(dir.resolve("artifacts"));
        DatasetRegistry withCopies = DatasetRegistry.onDatabase(db, artifacts, Clock.systemUTC());
        DatasetVersion v = withCopies.register("wine", TestData.RED_WINE).version();
        assertThat(v.sourceType()).isEqualTo("artifact");
        ArtifactPath path = ArtifactPath.of("datasets/sha256/" + v.digest() + "/winequality-red.csv");
        assertThat(v.source()).endsWith(path.toString());
        try (var in = artifacts.open(path)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(TestData.RED_WINE));
        }
    }
}
