package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

/** The tracking contract, run against a real SQLite file and a real PostgreSQL server. */
class TrackingServiceContractTest {
    @TempDir
    Path dir;
    private Database db;
    private TrackingService tracking;

    private void open(Backend backend) {
        db = Database.open(TestDatabases.newDatabaseUri(backend, dir));
        tracking = TrackingService.onDatabase(db, Clock.systemUTC(), "mlflow-artifacts:");
    }

    @AfterEach
    void close() {
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

    @ParameterizedTest
    @EnumSource(Backend.class)
    void defaultExperiment_existsWithIdZero(Backend backend) {
        open(backend);
        Experiment experiment = tracking.getExperiment("0");
        assertThat(experiment.name()).isEqualTo("Default");
        assertThat(experiment.artifactLocation()).isEqualTo("mlflow-artifacts:/0");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createExperiment_duplicateName_isAlreadyExists(Backend backend) {
        open(backend);
        String id = tracking.createExperiment("credit", null, List.of(new Tag("team", "risk")));
        Experiment experiment = tracking.getExperimentByName("credit");
        assertThat(experiment.experimentId()).isEqualTo(id);
        assertThat(experiment.artifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
        assertThat(experiment.tags()).containsExactly(new Tag("team", "risk"));
        assertThat(failure(() -> tracking.createExperiment("credit", null, List.of())).code())
                .isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deleteExperiment_deletesItsRuns_andRestoreBringsThemBack(Backend backend) {
        open(backend);
        String id = tracking.createExperiment("e", null, List.of());
        Run run = tracking.createRun(id, "r", null, List.of(), null);
        tracking.deleteExperiment(id);
        assertThat(tracking.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(tracking.getRun(run.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(failure(() -> tracking.createRun(id, "r2", null, List.of(), null)).code())
                .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        tracking.restoreExperiment(id);
        assertThat(tracking.getRun(run.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchExperiments_filtersOrdersAndPages(Backend backend) {
        open(backend);
        for (String name : List.of("alpha", "beta", "gamma", "delta")) {
            tracking.createExperiment(name, null, List.of(new Tag("kind", name.length() == 5 ? "five" : "other")));
        }
        Page<Experiment> first = tracking.searchExperiments(ViewType.ACTIVE_ONLY, "tags.kind = 'five'",
                List.of("name ASC"), 2, null);
        assertThat(first.items()).extracting(Experiment::name).containsExactly("alpha", "delta");
        assertThat(first.nextPageToken()).isNotNull();
        Page<Experiment> second = tracking.searchExperiments(ViewType.ACTIVE_ONLY, "tags.kind = 'five'",
                List.of("name ASC"), 2, first.nextPageToken());
        assertThat(second.items()).extracting(Experiment::name).containsExactly("gamma");
        assertThat(second.nextPageToken()).isNull();
        String betaId = tracking.getExperimentByName("beta").experimentId();
        assertThat(tracking.searchExperiments(ViewType.ACTIVE_ONLY, "attribute.experiment_id = '" + betaId + "'",
                List.of(), 10, null).items()).extracting(Experiment::name).containsExactly("beta");
        assertThat(tracking.searchExperiments(ViewType.ACTIVE_ONLY, "experiment_id IN ('0', '" + betaId + "')",
                List.of("name ASC"), 10, null).items()).extracting(Experiment::name).containsExactly("Default", "beta");
        assertThat(tracking.searchExperiments(ViewType.ACTIVE_ONLY, "name LIKE 'b%' OR name = 'Default'",
                List.of("name DESC"), 10, null).items()).extracting(Experiment::name).containsExactly("beta", "Default");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logParam_sameValueIsIdempotent_differentValueIsRefused(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        tracking.logParam(runId, new Param("lr", "0.1"));
        tracking.logParam(runId, new Param("lr", "0.1"));
        MlopsException e = failure(() -> tracking.logParam(runId, new Param("lr", "0.2")));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(e.getMessage()).contains("lr").contains("0.1").contains("0.2");
        assertThat(tracking.getRun(runId).data().params()).containsExactly(new Param("lr", "0.1"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logBatch_withConflictingParam_writesNothing(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        tracking.logParam(runId, new Param("depth", "6"));
        assertThatThrownBy(() -> tracking.logBatch(runId, List.of(new Metric("auc", 0.9, 1, 0)),
                List.of(new Param("depth", "7")), List.of(new Tag("t", "v")))).isInstanceOf(MlopsException.class);
        Run run = tracking.getRun(runId);
        assertThat(run.data().metrics()).isEmpty();
        assertThat(run.data().tags()).extracting(Tag::key).doesNotContain("t");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logMetric_nanAndInfinities_areStoredAndReturned(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        tracking.logBatch(runId, List.of(new Metric("nan", Double.NaN, 1, 0), new Metric("pinf", Double.POSITIVE_INFINITY, 1, 0),
                new Metric("ninf", Double.NEGATIVE_INFINITY, 1, 0)), List.of(), List.of());
        assertThat(tracking.getRun(runId).data().metrics()).extracting(Metric::key, Metric::value).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("nan", Double.NaN),
                org.assertj.core.groups.Tuple.tuple("pinf", Double.POSITIVE_INFINITY),
                org.assertj.core.groups.Tuple.tuple("ninf", Double.NEGATIVE_INFINITY));
        assertThat(tracking.metricHistory(runId, "nan", 0, null).items().get(0).value()).isNaN();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void metrics_appendHistory_andLatestIsHighestStepThenTimestamp(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        tracking.logMetric(runId, new Metric("loss", 0.5, 100, 2));
        tracking.logMetric(runId, new Metric("loss", 0.9, 200, 1)); // later in time, earlier step
        tracking.logMetric(runId, new Metric("loss", 0.4, 50, 2)); // same step, older timestamp
        assertThat(tracking.getRun(runId).data().metrics()).containsExactly(new Metric("loss", 0.5, 100, 2));
        List<Metric> history = tracking.metricHistory(runId, "loss", 0, null).items();
        assertThat(history).extracting(Metric::value).containsExactly(0.9, 0.4, 0.5);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void metricHistory_pagesThroughEveryPoint(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        List<Metric> points = IntStream.range(0, 250).mapToObj(i -> new Metric("m", i, i, i)).toList();
        tracking.logBatch(runId, points, List.of(), List.of());
        List<Metric> seen = new ArrayList<>();
        String token = null;
        do {
            Page<Metric> page = tracking.metricHistory(runId, "m", 100, token);
            seen.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        assertThat(seen).containsExactlyElementsOf(points);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tags_lastWriteWins_andDeleteMissingTagIsNotFound(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        tracking.setTag(runId, new Tag("stage", "a"));
        tracking.setTag(runId, new Tag("stage", "b"));
        assertThat(tracking.getRun(runId).data().tags()).contains(new Tag("stage", "b")).doesNotContain(new Tag("stage", "a"));
        tracking.deleteTag(runId, "stage");
        assertThat(failure(() -> tracking.deleteTag(runId, "stage")).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deletedRun_rejectsWrites_untilRestored(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        tracking.deleteRun(runId);
        assertThat(failure(() -> tracking.logMetric(runId, new Metric("m", 99, 9, 9))).code())
                .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(failure(() -> tracking.logParam(runId, new Param("p", "1"))).getMessage()).contains("active");
        tracking.restoreRun(runId);
        tracking.logMetric(runId, new Metric("m", 1, 1, 0));
        // The refused point left nothing behind, neither in the history nor as the latest value.
        assertThat(tracking.getRun(runId).data().metrics()).containsExactly(new Metric("m", 1, 1, 0));
        assertThat(tracking.metricHistory(runId, "m", 0, null).items()).containsExactly(new Metric("m", 1, 1, 0));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unknownRun_isNotFound(Backend backend) {
        open(backend);
        assertThat(failure(() -> tracking.getRun("nope")).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThat(failure(() -> tracking.logMetric("nope", new Metric("m", 1, 1, 0))).code())
                .isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updateRun_setsStatusEndTimeAndName(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "first", 1000L, List.of(), "ana").info().runId();
        RunInfo info = tracking.updateRun(runId, RunStatus.FINISHED, 2000L, "second");
        assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(info.endTime()).isEqualTo(2000L);
        assertThat(info.runName()).isEqualTo("second");
        assertThat(tracking.getRun(runId).data().tags()).contains(new Tag("mlflow.runName", "second"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logInputs_recordsDatasetsOnce_andSearchFindsThem(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        DatasetInput input = new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "training")),
                new LoggedDataset("credit-risk", "abc123", "local", "file.csv", "{\"cols\":[]}", null));
        tracking.logInputs(runId, List.of(input));
        tracking.logInputs(runId, List.of(input));
        assertThat(tracking.getRun(runId).inputs()).containsExactly(input);
        assertThat(tracking.searchRuns(List.of("0"), "datasets.digest = 'abc123' AND datasets.context = 'training'",
                ViewType.ACTIVE_ONLY, List.of(), 10, null, false).items()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchRuns_filtersWithAndOrParentheses_ordersAndPages(Backend backend) {
        open(backend);
        String exp = tracking.createExperiment("search", null, List.of());
        for (int i = 0; i < 10; i++) {
            String runId = tracking.createRun(exp, "run-" + i, 1000L + i, List.of(), null).info().runId();
            tracking.logBatch(runId, List.of(new Metric("auc", i / 10.0, 1, 0)),
                    List.of(new Param("algo", i % 2 == 0 ? "xgboost" : "logistic")), List.of(new Tag("even", Boolean.toString(i % 2 == 0))));
        }
        tracking.createRun(exp, "no-metrics", 5000L, List.of(), null);

        Page<Run> page = tracking.searchRuns(List.of(exp), "params.algo = 'xgboost' AND metrics.auc >= 0.4",
                ViewType.ACTIVE_ONLY, List.of("metrics.auc DESC"), 2, null, false);
        assertThat(page.items()).extracting(r -> r.info().runName()).containsExactly("run-8", "run-6");
        Page<Run> next = tracking.searchRuns(List.of(exp), "params.algo = 'xgboost' AND metrics.auc >= 0.4",
                ViewType.ACTIVE_ONLY, List.of("metrics.auc DESC"), 2, page.nextPageToken(), false);
        assertThat(next.items()).extracting(r -> r.info().runName()).containsExactly("run-4");
        assertThat(next.nextPageToken()).isNull();

        List<String> either = tracking.searchRuns(List.of(exp), "(metrics.auc < 0.2 OR metrics.auc > 0.85) AND tags.even = 'false'",
                ViewType.ACTIVE_ONLY, List.of("attributes.run_name ASC"), 100, null, false).items().stream()
                .map(r -> r.info().runName()).toList();
        assertThat(either).containsExactly("run-1", "run-9");
        // Param and tag equalities narrow the search by a join: the one joined must still hold,
        // and every other clause must still be checked.
        assertThat(tracking.searchRuns(List.of(exp), "params.algo = 'logistic'", ViewType.ACTIVE_ONLY,
                List.of("metrics.auc DESC"), 100, null, false).items()).extracting(r -> r.info().runName())
                .containsExactly("run-9", "run-7", "run-5", "run-3", "run-1");
        assertThat(tracking.searchRuns(List.of(exp), "params.algo = 'xgboost' AND tags.even = 'false'",
                ViewType.ACTIVE_ONLY, List.of(), 100, null, false).items()).isEmpty();
        assertThat(tracking.searchRuns(List.of(exp), "tags.even = 'true' AND params.algo = 'xgboost' AND metrics.auc < 0.3",
                ViewType.ACTIVE_ONLY, List.of("attributes.run_name ASC"), 100, null, false).items())
                .extracting(r -> r.info().runName()).containsExactly("run-0", "run-2");

        List<Run> byAuc = tracking.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, List.of("metrics.auc ASC"), 100,
                null, true).items();
        assertThat(byAuc).hasSize(11);
        assertThat(byAuc.get(10).info().runName()).isEqualTo("no-metrics"); // runs without the key sort last
        assertThat(byAuc.get(0).data()).isEqualTo(RunData.EMPTY); // info-only projection
        assertThat(tracking.searchRuns(List.of(exp), "attributes.run_name ILIKE 'RUN-1%'", ViewType.ACTIVE_ONLY,
                List.of(), 100, null, false).items()).hasSize(1);
        assertThat(tracking.searchRuns(List.of(exp), "attributes.run_name LIKE 'RUN-1%'", ViewType.ACTIVE_ONLY,
                List.of(), 100, null, false).items()).isEmpty();
    }

    /**
     * Sorting by a metric, param or tag runs as two queries (runs with the key, then runs without it):
     * every page size must walk the same order as a sort done here, across that boundary too.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchRuns_sortedByKey_pagesAcrossRunsLackingIt_inEitherDirection(Backend backend) {
        open(backend);
        String exp = tracking.createExperiment("sort", null, List.of());
        record Expected(String id, long start, Double score, String lr) {
        }
        List<Expected> runs = new ArrayList<>();
        Double[] scores = {0.5, 0.9, null, 0.5, Double.NaN, 0.1, null, 0.9, 0.7, null, 0.3};
        for (int i = 0; i < scores.length; i++) {
            long start = 1000L + (i % 4); // ties on start_time too, broken by run id
            String id = tracking.createRun(exp, "r" + i, start, List.of(), null).info().runId();
            String lr = i % 3 == 0 ? null : "0.0" + (i % 5);
            tracking.logBatch(id, scores[i] == null ? List.of() : List.of(new Metric("score", scores[i], 1, 0)),
                    lr == null ? List.of() : List.of(new Param("lr", lr)), List.of());
            Double sortable = scores[i] == null || scores[i].isNaN() ? null : scores[i]; // NaN sorts as missing
            runs.add(new Expected(id, start, sortable, lr));
        }
        Comparator<Expected> tieBreak = Comparator.comparingLong(Expected::start).reversed().thenComparing(Expected::id);
        Map<String, Comparator<Expected>> orders = new LinkedHashMap<>();
        orders.put("metrics.score DESC", missingLast(Expected::score, Comparator.<Double>reverseOrder()).thenComparing(tieBreak));
        orders.put("metrics.score ASC", missingLast(Expected::score, Comparator.<Double>naturalOrder()).thenComparing(tieBreak));
        orders.put("params.lr DESC", missingLast(Expected::lr, Comparator.<String>reverseOrder()).thenComparing(tieBreak));
        orders.put("metrics.score DESC, params.lr ASC", missingLast(Expected::score, Comparator.<Double>reverseOrder())
                .thenComparing(missingLast(Expected::lr, Comparator.<String>naturalOrder())).thenComparing(tieBreak));
        orders.forEach((orderBy, comparator) -> {
            List<String> expected = runs.stream().sorted(comparator).map(Expected::id).toList();
            for (int pageSize = 1; pageSize <= 5; pageSize++) {
                List<String> walked = new ArrayList<>();
                String token = null;
                do {
                    Page<Run> page = tracking.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY,
                            List.of(orderBy.split(", ")), pageSize, token, true);
                    page.items().forEach(r -> walked.add(r.info().runId()));
                    token = page.nextPageToken();
                } while (token != null && walked.size() <= runs.size()); // a broken token must not loop forever
                assertThat(walked).as("%s, pages of %d", orderBy, pageSize).isEqualTo(expected);
            }
        });
        List<String> filtered = tracking.searchRuns(List.of(exp), "metrics.score >= 0.5", ViewType.ACTIVE_ONLY,
                List.of("metrics.score ASC"), 100, null, true).items().stream().map(r -> r.info().runId()).toList();
        assertThat(filtered).isEqualTo(runs.stream().filter(r -> r.score() != null && r.score() >= 0.5)
                .sorted(orders.get("metrics.score ASC")).map(Expected::id).toList());
    }

    /** Pages of 20 runs or more read their data on two connections at once; smaller pages on one. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchRuns_eachRunGetsItsOwnData_onLargeAndSmallPages(Backend backend) {
        open(backend);
        String exp = tracking.createExperiment("data", null, List.of());
        Map<String, Integer> numberOf = new LinkedHashMap<>();
        for (int i = 0; i < 45; i++) {
            String id = tracking.createRun(exp, "r" + i, 1000L + i, List.of(), null).info().runId();
            tracking.logBatch(id, List.of(new Metric("m", i, 1, 0), new Metric("sq", i * i, 1, 0)),
                    List.of(new Param("p", "p" + i)), List.of(new Tag("t", "t" + i)));
            numberOf.put(id, i);
        }
        for (int pageSize : new int[] {45, 7}) {
            List<Run> seen = new ArrayList<>();
            String token = null;
            do {
                Page<Run> page = tracking.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, List.of(), pageSize, token, false);
                seen.addAll(page.items());
                token = page.nextPageToken();
            } while (token != null && seen.size() <= 45);
            assertThat(seen).as("pages of %d", pageSize).hasSize(45);
            for (Run run : seen) {
                int i = numberOf.get(run.info().runId());
                assertThat(run.data().metrics()).as("pages of %d", pageSize)
                        .containsExactly(new Metric("m", i, 1, 0), new Metric("sq", i * i, 1, 0));
                assertThat(run.data().params()).containsExactly(new Param("p", "p" + i));
                assertThat(run.data().tags()).contains(new Tag("t", "t" + i));
            }
        }
    }

    /** A failure of the read on the second connection surfaces as itself, not wrapped by the thread hand-off. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchRuns_aFailingSecondConnectionRead_surfacesItsOwnException(Backend backend) {
        open(backend);
        String exp = tracking.createExperiment("broken", null, List.of());
        for (int i = 0; i < 25; i++) {
            tracking.createRun(exp, "r" + i, 1000L + i, List.of(), null);
        }
        db.jdbi().useHandle(h -> h.execute("ALTER TABLE latest_metrics RENAME TO latest_metrics_gone"));
        // Jdbi's own statement exception, not a CompletionException around it. Whether SQLite
        // reports the missing table when the statement is prepared or when it runs depends on the
        // connection's statement cache, so either of Jdbi's two kinds will do.
        assertThatThrownBy(() -> tracking.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, List.of(), 25, null, false))
                .isInstanceOfAny(org.jdbi.v3.core.statement.UnableToExecuteStatementException.class,
                        org.jdbi.v3.core.statement.UnableToCreateStatementException.class)
                .hasMessageContaining("latest_metrics");
    }

    private static <T, K> Comparator<T> missingLast(Function<T, K> key, Comparator<K> order) {
        return Comparator.comparing(key, Comparator.nullsLast(order));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logMetric_sameExactPointTwice_isOnePoint_asInMlflow(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        tracking.logMetric(runId, new Metric("loss", 0.5, 10, 1));
        tracking.logMetric(runId, new Metric("loss", 0.5, 10, 1));
        tracking.logBatch(runId, List.of(new Metric("loss", 0.5, 10, 1), new Metric("loss", 0.4, 10, 1),
                new Metric("loss", Double.NaN, 10, 1), new Metric("loss", Double.NaN, 10, 1)), List.of(), List.of());
        List<Metric> history = tracking.metricHistory(runId, "loss", 0, null).items();
        assertThat(history).extracting(Metric::value).containsExactly(Double.NaN, 0.4, 0.5); // NaN is stored as 0 with a flag
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void metricHistory_mergesPointsStoredOnePerRowBeforeChunks_eachPointOnce(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        // Points as schema V4 stored them, a row each (NaN as 0 with its flag), then chunks beside them.
        db.jdbi().useHandle(h -> {
            for (Object[] row : List.of(new Object[] {0.5, 10L, 1L, false}, new Object[] {0.0, 20L, 2L, true},
                    new Object[] {0.7, 30L, 3L, false})) {
                h.execute("INSERT INTO metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES (?, 'loss', ?, ?, ?, ?)",
                        runId, row[0], row[1], row[2], row[3]);
            }
        });
        tracking.logBatch(runId, List.of(new Metric("loss", 0.7, 30, 3), new Metric("loss", Double.NaN, 20, 2),
                new Metric("loss", 0.6, 25, 2), new Metric("loss", -0.0, 40, 4)), List.of(), List.of());
        tracking.logMetric(runId, new Metric("loss", 0.0, 40, 4)); // equal to -0.0, as the old key compared them
        tracking.logMetric(runId, new Metric("loss", 0.1, 5, 0));

        assertThat(tracking.metricHistory(runId, "loss", 0, null).items()).containsExactly(
                new Metric("loss", 0.1, 5, 0), new Metric("loss", 0.5, 10, 1), new Metric("loss", Double.NaN, 20, 2),
                new Metric("loss", 0.6, 25, 2), new Metric("loss", 0.7, 30, 3), new Metric("loss", -0.0, 40, 4));
        Page<Metric> first = tracking.metricHistory(runId, "loss", 4, null);
        assertThat(first.items()).extracting(Metric::step).containsExactly(0L, 1L, 2L, 2L);
        assertThat(tracking.metricHistory(runId, "loss", 4, first.nextPageToken()).items()).extracting(Metric::step)
                .containsExactly(3L, 4L);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logBatch_resendingAnEarlierPoint_storesTheRestOfTheBatch_once(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        tracking.logBatch(runId, List.of(new Metric("loss", 0.9, 10, 0), new Metric("loss", 0.7, 20, 1)), List.of(),
                List.of());
        // The first point again, among new points, params and tags: the plain insert breaks the
        // history's key, and the redo must keep everything else of the request, exactly once.
        tracking.logBatch(runId, List.of(new Metric("loss", 0.7, 20, 1), new Metric("loss", 0.5, 30, 2),
                        new Metric("acc", 0.6, 30, 2)),
                List.of(new Param("lr", "0.1")), List.of(new Tag("phase", "two")));
        tracking.logBatch(runId, List.of(new Metric("loss", 0.4, 40, 3)), List.of(new Param("lr", "0.1")), List.of());
        Run run = tracking.getRun(runId);
        assertThat(tracking.metricHistory(runId, "loss", 0, null).items()).extracting(Metric::step)
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(tracking.metricHistory(runId, "acc", 0, null).items()).extracting(Metric::value).containsExactly(0.6);
        assertThat(run.data().metrics()).contains(new Metric("loss", 0.4, 40, 3), new Metric("acc", 0.6, 30, 2));
        assertThat(run.data().params()).containsExactly(new Param("lr", "0.1"));
        assertThat(run.data().tags()).contains(new Tag("phase", "two"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logBatch_ofHundredsOfPoints_storesEachOnce_bitForBit_evenWhenResent(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        // 250 points of three keys: three chunks.
        double[] edges = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 0.1 + 0.2};
        List<Metric> first = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            double value = i % 50 < edges.length ? edges[i % 50] : Math.scalb(i * 0.7, i % 60 - 30);
            first.add(new Metric("k" + (i % 3), value, 5_000L + i, i));
        }
        tracking.logBatch(runId, first, List.of(), List.of());
        // The same points again, plus one new point at the end: reading must show each point once.
        List<Metric> resent = new ArrayList<>(first);
        resent.add(new Metric("k0", 1.5, 9_999L, 999));
        tracking.logBatch(runId, resent, List.of(), List.of());
        List<Metric> stored = new ArrayList<>();
        for (String key : List.of("k0", "k1", "k2")) {
            stored.addAll(tracking.metricHistory(runId, key, 0, null).items());
        }
        assertThat(stored).hasSize(251).containsExactlyInAnyOrderElementsOf(resent);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void metricHistory_returnsEveryLoggedValue_bitForBit(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        double[] values = {Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL, -1.5e-10, 0.1 + 0.2, 1e-300,
                -123456789.123456789, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, Math.PI};
        List<Metric> batch = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            batch.add(new Metric("edge", values[i], 1000L + i, i));
        }
        tracking.logBatch(runId, batch, List.of(), List.of());
        assertThat(tracking.metricHistory(runId, "edge", 0, null).items()).containsExactlyElementsOf(batch);
    }

    /** Text the store must hand back byte for byte, whatever the database does with quotes and escapes. */
    private static final List<String> AWKWARD_TEXT = List.of("he said \"hi\"", "back\\slash", "line\nbreak\ttab",
            "ünïcödé 🚀 字", "{\"json\": [1, 2]}", "NULL", ",{}", "", "12", "1e5", " padded ");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchRuns_returnsEveryRunsOwnData_exactly_forAPageOfManyRuns(Backend backend) {
        open(backend);
        String exp = tracking.createExperiment("data", null, List.of());
        double[] edgeValues = {Double.MAX_VALUE, Double.MIN_VALUE, -1.5e-10, 0.1 + 0.2, 1e-300, -123456789.123456789,
                Double.NaN, Double.NEGATIVE_INFINITY};
        Map<String, RunData> expected = new LinkedHashMap<>();
        for (int r = 0; r < 45; r++) {
            String runId = tracking.createRun(exp, "run" + r, (long) r, List.of(), null).info().runId();
            List<Metric> metrics = new ArrayList<>();
            List<Param> params = new ArrayList<>();
            List<Tag> tags = new ArrayList<>();
            // Run r has r % 4 metrics, params and tags: some runs have none at all.
            for (int k = 0; k < r % 4; k++) {
                metrics.add(new Metric("m" + k, edgeValues[(r + k) % edgeValues.length], 1000L + r, r * 10L + k));
                params.add(new Param("p" + k, AWKWARD_TEXT.get((r + k) % AWKWARD_TEXT.size()) + r));
                tags.add(new Tag("t" + k, AWKWARD_TEXT.get((r * 7 + k) % AWKWARD_TEXT.size())));
            }
            tracking.logBatch(runId, metrics, params, tags);
            List<Tag> allTags = new ArrayList<>(tags);
            allTags.add(new Tag("mlflow.runName", "run" + r));
            allTags.sort(Comparator.comparing(Tag::key));
            expected.put(runId, new RunData(metrics, params, allTags));
        }
        Map<String, RunData> found = new LinkedHashMap<>();
        String token = null;
        do {
            Page<Run> page = tracking.searchRuns(List.of(exp), "", ViewType.ALL, List.of(), 20, token, false);
            page.items().forEach(run -> found.put(run.info().runId(), run.data()));
            token = page.nextPageToken();
        } while (token != null);
        assertThat(found).hasSize(expected.size());
        expected.forEach((runId, data) -> {
            assertThat(describe(found.get(runId))).as(runId).isEqualTo(describe(data));
            assertThat(describe(tracking.getRun(runId).data())).as(runId).isEqualTo(describe(data));
        });
    }

    /** Doubles by their bits, so that NaN compares and the last bit counts. */
    private static String describe(RunData data) {
        return data.metrics().stream().map(m -> m.key() + "=" + Double.doubleToRawLongBits(m.value()) + "@" + m.step() + "/"
                + m.timestamp()).toList() + " " + data.params() + " " + data.tags();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchRuns_defaultOrder_isNewestStartFirst_andDeletedOnlyOnRequest(Backend backend) {
        open(backend);
        String exp = tracking.createExperiment("order", null, List.of());
        String older = tracking.createRun(exp, "older", 1L, List.of(), null).info().runId();
        String newer = tracking.createRun(exp, "newer", 2L, List.of(), null).info().runId();
        tracking.deleteRun(older);
        assertThat(tracking.searchRuns(List.of(exp), "", ViewType.ALL, List.of(), 10, null, false).items())
                .extracting(r -> r.info().runId()).containsExactly(newer, older);
        assertThat(tracking.searchRuns(List.of(exp), "", ViewType.DELETED_ONLY, List.of(), 10, null, false).items())
                .extracting(r -> r.info().runId()).containsExactly(older);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logBatch_overLimits_isRefusedBeforeWriting(Backend backend) {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        List<Metric> tooMany = IntStream.range(0, 1001).mapToObj(i -> new Metric("m", i, i, i)).toList();
        assertThat(failure(() -> tracking.logBatch(runId, tooMany, List.of(), List.of())).getMessage()).contains("1000");
        List<Param> params = IntStream.range(0, 101).mapToObj(i -> new Param("p" + i, "v")).toList();
        assertThat(failure(() -> tracking.logBatch(runId, List.of(), params, List.of())).getMessage()).contains("100");
        assertThat(failure(() -> tracking.logParam(runId, new Param("p", "x".repeat(6001)))).getMessage()).contains("6000");
        assertThat(failure(() -> tracking.logParam(runId, new Param("../escape", "x"))).code())
                .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(tracking.getRun(runId).data().metrics()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logMetric_from32Threads_losesNothing(Backend backend) throws Exception {
        open(backend);
        String runId = tracking.createRun("0", "r", null, List.of(), null).info().runId();
        int threads = 32;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        tracking.logMetric(runId, new Metric("loss", thread * 1000 + i, System.currentTimeMillis(), i));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<Metric> history = tracking.metricHistory(runId, "loss", 0, null).items();
        assertThat(history).hasSize(threads * perThread);
        assertThat(history.stream().mapToDouble(Metric::value).distinct().count()).isEqualTo(threads * perThread);
    }
}
