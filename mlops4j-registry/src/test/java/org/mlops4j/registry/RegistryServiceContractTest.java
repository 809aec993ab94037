package org.mlops4j.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.registry.store.RegistryEvents;
import org.mlops4j.store.artifact.ArtifactPath;
import org.mlops4j.store.artifact.LocalArtifactStore;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.outbox.Outbox;
import org.mlops4j.store.outbox.OutboxEvent;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;
import org.mlops4j.tracking.DatasetInput;
import org.mlops4j.tracking.LoggedDataset;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.TrackingService;

/** The registry contract, on a real SQLite file and a real PostgreSQL server. */
class RegistryServiceContractTest {
    @TempDir
    Path dir;
    private Database db;
    private Outbox outbox;
    private TrackingService tracking;
    private LocalArtifactStore artifacts;
    private RegistryService registry;

    private void open(Backend backend) {
        db = Database.open(TestDatabases.newDatabaseUri(backend, dir));
        outbox = new Outbox(db, Clock.systemUTC(), 3_600_000);
        tracking = TrackingService.onDatabase(db, Clock.systemUTC(), "mlflow-artifacts:");
        artifacts = new LocalArtifactStore(dir.resolve("artifacts-" + backend));
        registry = RegistryService.onDatabase(db, Clock.systemUTC(), outbox, tracking, artifacts, RegistryPolicy.DEFAULT);
    }

    @AfterEach
    void close() {
        if (outbox != null) {
            outbox.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static MlopsException failure(Runnable action) {
        try {
            action.run();
        } catch (MlopsException e) {
            return e;
        }
        throw new AssertionError("expected an MlopsException");
    }

    private String trainedRun() {
        String runId = tracking.createRun("0", "xgb", null, List.of(new Tag(RegistryService.CODE_COMMIT_TAG, "abc1234")),
                "ana").info().runId();
        tracking.logBatch(runId, List.of(new Metric("auc", 0.81, 1, 0)), List.of(new Param("max_depth", "6")), List.of());
        tracking.logInputs(runId, List.of(new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "training")),
                new LoggedDataset("credit-risk", "d1g3st", "local", "data/train.csv", null, null))));
        return runId;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void versions_areNumberedFromOne_andNeverReused(Backend backend) {
        open(backend);
        registry.createModel("credit", "loan approval", List.of(), "ana");
        String runId = trainedRun();
        ModelVersion v1 = registry.createVersion("credit", "runs:/" + runId + "/model", null, null, null, List.of(), "ana");
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.runId()).isEqualTo(runId);
        assertThat(v1.storageLocation()).isEqualTo("mlflow-artifacts:/0/" + runId + "/artifacts/model");
        registry.createVersion("credit", "runs:/" + runId + "/model", null, null, null, List.of(), "ana");
        registry.deleteVersion("credit", "2", "ana");
        registry.hardDeleteVersion("credit", "1", "ana");
        assertThat(registry.createVersion("credit", "s3://b/m", null, null, null, List.of(), "ana").version()).isEqualTo(3);
        assertThat(failure(() -> registry.getVersion("credit", "2")).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThat(failure(() -> registry.getVersion("credit", "1")).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void hardDelete_removesTheFilesToo(Backend backend) {
        open(backend);
        registry.createModel("m", null, List.of(), "ana");
        String runId = trainedRun();
        ArtifactPath modelDir = ArtifactPath.of("0/" + runId + "/artifacts/model");
        artifacts.put(modelDir.resolve("bundle.json"), new java.io.ByteArrayInputStream("{}".getBytes()), 2);
        registry.createVersion("m", "runs:/" + runId + "/model", null, null, null, List.of(), "ana");
        registry.deleteVersion("m", "1", "ana");
        assertThat(artifacts.size(modelDir.resolve("bundle.json"))).isEqualTo(2); // soft delete keeps files
        registry.createVersion("m", "runs:/" + runId + "/model", null, null, null, List.of(), "ana");
        registry.hardDeleteVersion("m", "2", "ana");
        assertThat(artifacts.size(modelDir.resolve("bundle.json"))).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void protectedAlias_onlyMovesToAnApprovedVersion_andTheAuditShowsBothAttempts(Backend backend) {
        open(backend);
        registry.createModel("credit", null, List.of(), "ana");
        registry.createVersion("credit", "s3://b/v1", null, null, null, List.of(), "ana");

        MlopsException refused = failure(() -> registry.setAlias("credit", "champion", "1", "ana"));
        assertThat(refused.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(refused.getMessage()).contains("not approved").contains("prod");
        assertThat(registry.getModel("credit").aliases()).isEmpty();

        Approval request = registry.requestApproval("credit", "1", "prod", "AUC 0.81 on holdout", "ana");
        assertThat(failure(() -> registry.decide(request.id(), "APPROVE", "self", "ana")).getMessage()).contains("approver");
        assertThat(failure(() -> registry.decide(request.id(), "APPROVE", "own", "admin2")).code())
                .isEqualTo(ErrorCode.PERMISSION_DENIED);
        Approval approved = registry.decide(request.id(), "APPROVE", "fairness checked", "admin");
        assertThat(approved.status()).isEqualTo(Approval.Status.APPROVED);
        assertThat(failure(() -> registry.decide(request.id(), "REJECT", "late", "admin").getClass()).code())
                .isEqualTo(ErrorCode.RESOURCE_CONFLICT);

        registry.setAlias("credit", "champion", "1", "ana");
        assertThat(registry.versionByAlias("credit", "champion").version()).isEqualTo(1);
        assertThat(registry.resolve("models:/credit@champion").version()).isEqualTo(1);

        List<AuditEntry> aliasAttempts = registry.audit("credit", 0, Long.MAX_VALUE, 100, null).items().stream()
                .filter(e -> e.action().equals("set_registered_model_alias")).toList();
        assertThat(aliasAttempts).extracting(AuditEntry::outcome)
                .containsExactly(AuditEntry.Outcome.REFUSED, AuditEntry.Outcome.OK);
        assertThat(aliasAttempts).extracting(AuditEntry::actor).containsOnly("ana");
        assertThat(aliasAttempts.get(1).stateAfter()).contains("champion");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void rejectedVersion_cannotEnterProduction_unprotectedStagesMoveFreely(Backend backend) {
        open(backend);
        registry.createModel("credit", null, List.of(), "ana");
        registry.createVersion("credit", "s3://b/v1", null, null, null, List.of(), "ana");
        registry.createVersion("credit", "s3://b/v2", null, null, null, List.of(), "ana");
        Approval request = registry.requestApproval("credit", "1", "prod", null, "ana");
        registry.decide(request.id(), "REJECT", "bias on age", "admin");
        assertThat(failure(() -> registry.transitionStage("credit", "1", "production", false, "ana")).getMessage())
                .contains("REJECTED");
        assertThat(registry.transitionStage("credit", "1", "Staging", false, "ana").currentStage()).isEqualTo(ModelStage.STAGING);
        registry.decide(registry.requestApproval("credit", "2", "prod", null, "ana").id(), "APPROVE", null, "admin");
        registry.transitionStage("credit", "2", "Production", false, "ana");
        assertThat(registry.transitionStage("credit", "2", "Staging", true, "ana").currentStage()).isEqualTo(ModelStage.STAGING);
        assertThat(registry.getVersion("credit", "1").currentStage()).isEqualTo(ModelStage.ARCHIVED);
        assertThat(registry.latestVersions("credit", List.of("staging"))).extracting(ModelVersion::version).containsExactly(2L);
        assertThat(registry.resolve("models:/credit/Staging").version()).isEqualTo(2);
        assertThat(registry.resolve("models:/credit/latest").version()).isEqualTo(2);
        assertThat(registry.resolve("models:/credit/1").version()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void badInput_getsClearErrors(Backend backend) {
        open(backend);
        registry.createModel("credit", null, List.of(), "ana");
        registry.createVersion("credit", "s3://b/v1", null, null, null, List.of(), "ana");
        for (String alias : List.of("latest", "LATEST", "v1", "V12", "bad alias", "x/y", "")) {
            assertThat(failure(() -> registry.setAlias("credit", alias, "1", "ana")).code()).as(alias)
                    .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        }
        assertThat(failure(() -> registry.setAlias("credit", "challenger", "9", "ana")).code())
                .isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThat(failure(() -> registry.getVersion("credit", "abc")).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(failure(() -> registry.transitionStage("credit", "1", "Prod-ish", false, "ana")).getMessage())
                .contains("None, Staging, Production, Archived");
        assertThat(failure(() -> registry.transitionStage("credit", "1", "Archived", true, "ana")).code())
                .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(failure(() -> registry.createModel("credit", null, List.of(), "ana")).code())
                .isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS);
        assertThat(failure(() -> registry.createModel("a/b", null, List.of(), "ana")).code())
                .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(failure(() -> registry.versionByAlias("credit", "missing")).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(failure(() -> registry.createVersion("credit", "runs:/nope/model", null, null, null, List.of(), "ana")).code())
                .isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThat(failure(() -> registry.createVersion("credit", "runs:/x/../../etc", null, null, null, List.of(), "ana")).code())
                .isIn(ErrorCode.INVALID_PARAMETER_VALUE, ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThat(failure(() -> registry.requestApproval("credit", "1", "PROD!", null, "ana")).code())
                .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(failure(() -> registry.resolve("models:/credit@missing")).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThat(failure(() -> registry.resolve("runs:/x")).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void renameAndTags_andSearch(Backend backend) {
        open(backend);
        registry.createModel("alpha", null, List.of(new Tag("team", "risk")), "ana");
        registry.createModel("beta", null, List.of(), "ana");
        registry.createVersion("alpha", "s3://b/a1", null, null, null, List.of(new Tag("algo", "xgboost")), "ana");
        registry.setAlias("alpha", "challenger", "1", "ana");
        registry.renameModel("alpha", "gamma", "ana");
        assertThat(registry.versionByAlias("gamma", "challenger").version()).isEqualTo(1);
        assertThat(registry.getModel("gamma").tags()).containsExactly(new Tag("team", "risk"));
        assertThat(registry.searchModels("tags.team = 'risk'", List.of(), 10, null).items())
                .extracting(RegisteredModel::name).containsExactly("gamma");
        assertThat(registry.searchModels("name LIKE '%a' OR name = 'gamma'", List.of("name DESC"), 10, null).items())
                .extracting(RegisteredModel::name).containsExactly("gamma", "beta");
        assertThat(registry.searchVersions("name = 'gamma' AND tags.algo = 'xgboost'", List.of(), 10, null).items())
                .extracting(ModelVersion::version).containsExactly(1L);
        assertThat(registry.searchVersions("version_number >= 1 AND name = 'gamma'", List.of(), 10, null).items()).hasSize(1);
        registry.deleteModelTag("gamma", "team", "ana");
        assertThat(failure(() -> registry.deleteModelTag("gamma", "team", "ana")).code())
                .isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void modelCard_combinesLineageAndEdits(Backend backend) {
        open(backend);
        registry.createModel("credit", null, List.of(), "ana");
        String runId = trainedRun();
        registry.createVersion("credit", "runs:/" + runId + "/model", null, null, "XGBoost, depth 6", List.of(), "ana");
        registry.updateCard("credit", "1", new ModelCard.Editable("Pre-screen loan applications", null, "risk-team",
                null, null), "ben");
        registry.updateCard("credit", "1", new ModelCard.Editable(null, "Not for applicants under 18", null, null, null), "ben");
        ModelCard card = registry.card("credit", "1");
        assertThat(card.registeredBy()).isEqualTo("ana");
        assertThat(card.lineage().params()).containsEntry("max_depth", "6");
        assertThat(card.lineage().metrics()).containsEntry("auc", 0.81);
        assertThat(card.lineage().codeCommit()).isEqualTo("abc1234");
        assertThat(card.lineage().datasets()).extracting(d -> d.dataset().digest()).containsExactly("d1g3st");
        assertThat(card.editable().intendedUse()).isEqualTo("Pre-screen loan applications");
        assertThat(card.editable().limitations()).isEqualTo("Not for applicants under 18");
        assertThat(card.editable().owner()).isEqualTo("risk-team");
        assertThat(card.editable().updatedBy()).isEqualTo("ben");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void changes_writeEventsInOrder_andRefusedChangesWriteNone(Backend backend) {
        open(backend);
        registry.createModel("credit", null, List.of(), "ana");
        registry.createVersion("credit", "s3://b/v1", null, null, null, List.of(), "ana");
        failure(() -> registry.setAlias("credit", "champion", "1", "ana"));
        Approval request = registry.requestApproval("credit", "1", "prod", null, "ana");
        registry.decide(request.id(), "APPROVE", null, "admin");
        registry.setAlias("credit", "champion", "1", "ana");
        registry.transitionStage("credit", "1", "Production", false, "ana");
        List<OutboxEvent> events = outbox.after(0, 100);
        assertThat(events).extracting(OutboxEvent::type).containsExactly(RegistryEvents.MODEL_VERSION_CREATED,
                RegistryEvents.APPROVAL_REQUESTED, RegistryEvents.APPROVAL_DECIDED, RegistryEvents.ALIAS_MOVED,
                RegistryEvents.STAGE_CHANGED);
        assertThat(events).extracting(OutboxEvent::aggregate).containsOnly("credit");
        assertThat(events.get(3).payload()).contains("\"alias\":\"champion\"").contains("\"to_version\":1");
    }
}
