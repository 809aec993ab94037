package org.mlops4j.bench.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.Table;
import org.mlops4j.train.DatasetInfo;
import org.mlops4j.train.RunRecorder;
import org.mlops4j.train.TrainConfig;
import org.mlops4j.train.TrainConfig.AlgorithmSpec;
import org.mlops4j.train.TrainConfig.DataSpec;
import org.mlops4j.train.TrainConfig.SplitSpec;
import org.mlops4j.train.Trainer;
import org.mlops4j.train.TrainingResult;
import org.mlops4j.train.algo.Algorithm;
import org.mlops4j.train.predict.Prediction;
import org.mlops4j.train.predict.Predictor;

/**
 * Training and prediction figures for mlops4j-train (run by bench/train.sh):
 * <ol>
 *   <li>platform overhead: {@code Trainer.train} on a 100,000 x 20 table against XGBoost4J called
 *       directly on the same rows with the same parameters (100 trees, depth 6, hist, the train-loss
 *       watch that the platform's loss history needs), run in alternating pairs; the target (at most
 *       5%) applies to the median of the pairs' wall-time ratios, and the calling thread's and the
 *       process's CPU time are printed beside it (this machine is shared, so single runs are noisy);</li>
 *   <li>one-row latency of {@code Predictor.predictRow} on that 100-tree depth-6 model, target at most
 *       5 us, beside XGBoost4J's own one-row paths (a one-row DMatrix, and inplace_predict).</li>
 * </ol>
 * Usage: {@code TrainBenchmark [--rows N] [--repeat N] [--nthread N] [--quick]}.
 */
public final class TrainBenchmark {
    private static final int FEATURES = 20;
    private static final int TREES = 100;
    private static final int DEPTH = 6;

    private TrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 100_000;
        int repeat = 5;
        int nthread = 1;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--nthread" -> nthread = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --rows N --repeat N --nthread N --quick)");
            }
        }
        if (quick) {
            repeat = 2;
        }
        System.out.printf(Locale.ROOT, "mlops4j-train benchmark: %,d rows x %d features, %d trees of depth %d, nthread %d, "
                + "%d timed pairs (median), %d cores, %s%n%n", rows, FEATURES, TREES, DEPTH, nthread, repeat,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

        Data data = Data.generate(rows, 2026);
        final int threads = nthread;
        Work directRun = () -> direct(data, threads, true);
        Work platformRun = () -> platform(data, threads);
        List<double[]> direct = new ArrayList<>();
        List<double[]> platform = new ArrayList<>();
        for (int i = -2; i < repeat; i++) { // two rounds warm up the JIT and are not counted
            // Alternate the order (DP, PD, ...) so neither always runs first.
            boolean platformFirst = (i & 1) == 1;
            double[] first = measure(platformFirst ? platformRun : directRun);
            double[] second = measure(platformFirst ? directRun : platformRun);
            if (i >= 0) {
                direct.add(platformFirst ? second : first);
                platform.add(platformFirst ? first : second);
            }
        }
        List<double[]> directNoWatch = new ArrayList<>();
        for (int i = 0; i < Math.min(3, repeat); i++) {
            directNoWatch.add(measure(() -> direct(data, threads, false)));
        }
        TrainingResult result = platform(data, nthread);

        System.out.println("Training: medians of wall time, process CPU time (all JVM threads: GC and JIT count) and "
                + "the calling thread's CPU time (XGBoost runs on it with nthread 1)");
        System.out.printf(Locale.ROOT, "  %-72s %10s %10s %10s%n", "", "wall ms", "CPU ms", "thread ms");
        times("XGBoost4J direct: DMatrix + train (train-loss watch, as the platform) + JSON", direct);
        times("XGBoost4J direct without a watch", directNoWatch);
        times("mlops4j Trainer.train (table digest, pipeline, train, checks, bundle)", platform);
        double overheadWall = pairedOverhead(platform, direct, 0);
        row("platform overhead vs direct: median of paired ratios, wall time", overheadWall, "%", "<= 5 %",
                overheadWall <= 5);
        row("  the same, calling thread's CPU (XGBoost and the platform's own work)", pairedOverhead(platform, direct, 2),
                "%", null);
        row("  the same, process CPU (adds GC and JIT threads, which run beside it)", pairedOverhead(platform, direct, 1),
                "%", null);
        row("platform vs direct without a watch (the loss history costs XGBoost evaluations), medians",
                (median(platform, 1) / median(directNoWatch, 1) - 1) * 100, "%", null);
        System.out.println();

        latency(result, data, quick);
    }

    // ---- training

    private static Map<String, Object> params(int nthread) {
        Map<String, Object> p = new HashMap<>();
        p.put("objective", "binary:logistic");
        p.put("eval_metric", "logloss");
        p.put("tree_method", "hist");
        p.put("max_depth", DEPTH);
        p.put("eta", 0.1);
        p.put("seed", 42L);
        p.put("nthread", nthread);
        p.put("verbosity", 0);
        p.put("verbose_eval", 0);
        return p;
    }

    private interface Work {
        void run() throws Exception;
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** {wall ms, process CPU ms, calling thread's CPU ms} of one run. */
    private static double[] measure(Work work) throws Exception {
        System.gc();
        long cpu = OS.getProcessCpuTime();
        long thread = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        work.run();
        return new double[] {(System.nanoTime() - wall) / 1e6, (OS.getProcessCpuTime() - cpu) / 1e6,
            (THREADS.getCurrentThreadCpuTime() - thread) / 1e6};
    }

    /** Median over repetitions of (a / b - 1) in percent, pairing the runs of the same repetition. */
    private static double pairedOverhead(List<double[]> a, List<double[]> b, int index) {
        List<double[]> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(new double[] {(a.get(i)[index] / b.get(i)[index] - 1) * 100});
        }
        return median(ratios, 0);
    }

    private static void direct(Data data, int nthread, boolean watch) throws Exception {
        DMatrix train = new DMatrix(data.matrix, data.rows, FEATURES, Float.NaN);
        train.setLabel(data.labels);
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        if (watch) {
            watches.put("train", train);
        }
        float[][] history = new float[watches.size()][TREES];
        Booster booster = XGBoost.train(train, params(nthread), TREES, watches, history, null, null, 0);
        byte[] json = booster.toByteArray("json");
        if (json.length == 0) {
            throw new IllegalStateException("empty model");
        }
        booster.dispose();
        train.dispose();
    }

    private static TrainingResult platform(Data data, int nthread) {
        TrainConfig config = TrainConfig.of(DataSpec.of("synthetic", "label"), AlgorithmSpec.of(Algorithm.XGBOOST,
                        Map.of("num_rounds", TREES, "max_depth", DEPTH, "eta", 0.1)))
                .withSplit(new SplitSpec(0, 0, true)).withNthread(nthread);
        DatasetInfo info = DatasetInfo.ofTable("synthetic", data.table, "memory");
        return new Trainer(RunRecorder.none()).train(config, data.table, info, null, null);
    }

    // ---- one-row latency

    private static void latency(TrainingResult result, Data data, boolean quick) throws Exception {
        int sample = 10_000;
        Object[][] rows = new Object[sample][];
        Map<String, Object>[] named = newMaps(sample);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < sample; i++) {
            int r = random.nextInt(data.rows);
            rows[i] = new Object[FEATURES];
            named[i] = new HashMap<>();
            for (int f = 0; f < FEATURES; f++) {
                rows[i][f] = (double) data.matrix[r * FEATURES + f];
                named[i].put("f" + f, rows[i][f]);
            }
        }
        try (Predictor predictor = result.predictor()) {
            int trees = ((org.mlops4j.train.predict.TreeEnsemble) result.bundle().model()).treeCount();
            double[] positional = timePredictor(predictor, rows, quick ? 500_000 : 2_000_000);
            double byName = timePredictorByName(predictor, named, quick ? 200_000 : 1_000_000);

            Booster booster = XGBoost.loadModel(result.bundle().file("model/model.xgb.json"));
            booster.setParam("nthread", 1);
            int xgbRows = quick ? 2_000 : 10_000;
            double dmatrix = timeXgboostDMatrix(booster, rows, xgbRows);
            double inplace = timeXgboostInplace(booster, rows, xgbRows);
            double maxDiff = maxDifference(predictor, booster, rows, 2_000);
            booster.dispose();

            System.out.printf(Locale.ROOT, "One-row prediction (%d trees, depth %d; microseconds of the calling thread's CPU "
                    + "time per row, mean over a warm loop)%n", trees, DEPTH);
            row("mlops4j Predictor.predictRow(values in input order)", positional[0], "us", "<= 5 us", positional[0] <= 5);
            row("  the same, wall time (noisy on a shared machine)", positional[1], "us", null);
            row("mlops4j Predictor.predictRow(Map by column name)", byName, "us", null);
            row("XGBoost4J: one-row DMatrix + predict", dmatrix, "us", null);
            row("XGBoost4J: inplace_predict of one row", inplace, "us", null);
            row("max |Predictor - XGBoost| probability over 2,000 rows", maxDiff, "", null);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object>[] newMaps(int n) {
        return new Map[n];
    }

    /** {CPU us, wall us} per row. */
    private static double[] timePredictor(Predictor predictor, Object[][] rows, int calls) {
        double sink = 0;
        for (int i = 0; i < calls / 2; i++) { // warm-up
            sink += predictor.predictRow(rows[i % rows.length]).probabilities()[1];
        }
        long start = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink += predictor.predictRow(rows[i % rows.length]).probabilities()[1];
        }
        double us = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / calls;
        double wallUs = (System.nanoTime() - wall) / 1e3 / calls;
        blackhole(sink);
        return new double[] {us, wallUs};
    }

    private static double timePredictorByName(Predictor predictor, Map<String, Object>[] rows, int calls) {
        double sink = 0;
        for (int i = 0; i < calls / 2; i++) {
            sink += predictor.predictRow(rows[i % rows.length]).probabilities()[1];
        }
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            sink += predictor.predictRow(rows[i % rows.length]).probabilities()[1];
        }
        double us = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / calls;
        blackhole(sink);
        return us;
    }

    private static float[] features(Object[] row) {
        float[] x = new float[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            x[f] = ((Double) row[f]).floatValue();
        }
        return x;
    }

    private static double timeXgboostDMatrix(Booster booster, Object[][] rows, int calls) throws Exception {
        double sink = 0;
        for (int i = 0; i < calls / 2; i++) {
            sink += predictDMatrix(booster, rows[i % rows.length]);
        }
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            sink += predictDMatrix(booster, rows[i % rows.length]);
        }
        double us = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / calls;
        blackhole(sink);
        return us;
    }

    private static float predictDMatrix(Booster booster, Object[] row) throws Exception {
        DMatrix d = new DMatrix(features(row), 1, FEATURES, Float.NaN);
        try {
            return booster.predict(d)[0][0];
        } finally {
            d.dispose();
        }
    }

    private static double timeXgboostInplace(Booster booster, Object[][] rows, int calls) throws Exception {
        double sink = 0;
        for (int i = 0; i < calls / 2; i++) {
            sink += booster.inplace_predict(features(rows[i % rows.length]), 1, FEATURES, Float.NaN)[0][0];
        }
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            sink += booster.inplace_predict(features(rows[i % rows.length]), 1, FEATURES, Float.NaN)[0][0];
        }
        double us = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / calls;
        blackhole(sink);
        return us;
    }

    private static double maxDifference(Predictor predictor, Booster booster, Object[][] rows, int n) throws Exception {
        double max = 0;
        for (int i = 0; i < n; i++) {
            Prediction p = predictor.predictRow(rows[i]);
            max = Math.max(max, Math.abs(p.probabilities()[1] - predictDMatrix(booster, rows[i])));
        }
        return max;
    }

    private static volatile double blackholeValue;

    private static void blackhole(double v) {
        blackholeValue = v;
    }

    // ---- reporting

    private static void times(String figure, List<double[]> runs) {
        System.out.printf(Locale.ROOT, "  %-72s %10s %10s %10s%n", figure, format(median(runs, 0)),
                format(median(runs, 1)), format(median(runs, 2)));
    }

    private static double median(List<double[]> runs, int index) {
        double[] sorted = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void row(String figure, double value, String unit, String target, boolean met) {
        System.out.printf(Locale.ROOT, "  %-78s %12s %-3s %-8s %s%n", figure, format(value), unit, target,
                met ? "PASS" : "MISS");
    }

    private static void row(String figure, double value, String unit, String target) {
        System.out.printf(Locale.ROOT, "  %-78s %12s %-3s%n", figure, format(value), unit);
    }

    private static String format(double v) {
        double a = Math.abs(v);
        return a != 0 && a < 0.001 ? String.format(Locale.ROOT, "%.2e", v)
                : String.format(Locale.ROOT, a >= 100 ? "%,.0f" : "%.2f", v);
    }

    /** Synthetic binary data: 20 Gaussian features, a label from a noisy non-linear score; the same for a seed. */
    private record Data(int rows, float[] matrix, float[] labels, Table table) {
        static Data generate(int rows, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] matrix = new float[rows * FEATURES];
            float[] labels = new float[rows];
            double[][] columns = new double[FEATURES][rows];
            String[] label = new String[rows];
            for (int r = 0; r < rows; r++) {
                double score = 0;
                for (int f = 0; f < FEATURES; f++) {
                    double v = gaussian(random);
                    float x = (float) v;
                    matrix[r * FEATURES + f] = x;
                    columns[f][r] = x;
                    score += (f % 3 - 1) * x + (f % 5 == 0 ? 0.5 * x * x : 0);
                }
                labels[r] = score + gaussian(random) > 1 ? 1 : 0;
                label[r] = labels[r] == 1 ? "yes" : "no";
            }
            List<Column> cols = new ArrayList<>();
            for (int f = 0; f < FEATURES; f++) {
                cols.add(new NumericColumn("f" + f, columns[f], null));
            }
            // Labels "no" < "yes": class 1 is "yes", as in the direct run.
            cols.add(StringColumn.categorical("label", label));
            return new Data(rows, matrix, labels, Table.of(cols));
        }

        private static double gaussian(SplittableRandom random) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
    }
}
