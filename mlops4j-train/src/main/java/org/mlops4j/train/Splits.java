package org.mlops4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.mlops4j.core.MlopsException;

/**
 * Seeded, reproducible row splits. Rows are grouped by stratum (the class, for stratified splits),
 * each group is shuffled with one {@link SplittableRandom} seeded by {@code seed} (groups in
 * ascending stratum order), then cut: the first {@code round(n * test)} rows of a group go to test,
 * the next {@code round(n * validation)} to validation, the rest to training. Returned indices are
 * sorted ascending. Stateless.
 */
public final class Splits {
    private Splits() {
    }

    /** Row indices of a train/validation/test split; any part may be empty except train. */
    public record Split(int[] train, int[] validation, int[] test) {
    }

    /**
     * @param rows       candidate rows (e.g. all rows, 0..n-1)
     * @param strata     stratum per row index (class index), or null for no stratification
     * @param validation fraction of each stratum for validation, in [0, 1)
     * @param test       fraction of each stratum for test, in [0, 1)
     */
    public static Split split(int[] rows, int[] strata, double validation, double test, long seed) {
        if (validation < 0 || test < 0 || validation + test >= 1) {
            throw MlopsException.invalidParameter("Split fractions must be >= 0 and leave rows for training "
                    + "(validation %s + test %s < 1)", validation, test);
        }
        int[] trainRows = new int[rows.length];
        int[] validationRows = new int[rows.length];
        int[] testRows = new int[rows.length];
        int nTrain = 0;
        int nValidation = 0;
        int nTest = 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (int[] group : groups(rows, strata)) {
            shuffle(group, random);
            int groupTest = (int) Math.round(group.length * test);
            int groupValidation = (int) Math.round(group.length * validation);
            for (int i = 0; i < group.length; i++) {
                if (i < groupTest) {
                    testRows[nTest++] = group[i];
                } else if (i < groupTest + groupValidation) {
                    validationRows[nValidation++] = group[i];
                } else {
                    trainRows[nTrain++] = group[i];
                }
            }
        }
        if (nTrain == 0) {
            throw MlopsException.invalidParameter("The split leaves no training rows (%d rows)", rows.length);
        }
        return new Split(sorted(trainRows, nTrain), sorted(validationRows, nValidation), sorted(testRows, nTest));
    }

    /**
     * K folds over {@code rows}: each group is shuffled and dealt round-robin, so every fold holds
     * about the same share of every stratum. Returns each fold's rows (the held-out part).
     */
    public static int[][] kFold(int[] rows, int[] strata, int k, long seed) {
        if (k < 2 || k > rows.length) {
            throw MlopsException.invalidParameter("Cross-validation needs 2 <= folds <= rows, got %d folds for %d rows",
                    k, rows.length);
        }
        List<List<Integer>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        SplittableRandom random = new SplittableRandom(seed);
        int next = 0;
        for (int[] group : groups(rows, strata)) {
            shuffle(group, random);
            for (int row : group) {
                folds.get(next).add(row);
                next = (next + 1) % k;
            }
        }
        int[][] out = new int[k][];
        for (int i = 0; i < k; i++) {
            out[i] = sorted(folds.get(i));
        }
        return out;
    }

    /** {@code rows} without the given ones (both sorted ascending). */
    public static int[] minus(int[] rows, int[] removed) {
        return Arrays.stream(rows).filter(r -> Arrays.binarySearch(removed, r) < 0).toArray();
    }

    public static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** Rows grouped by stratum, strata in ascending order, rows in their given order. */
    private static List<int[]> groups(int[] rows, int[] strata) {
        if (strata == null) {
            return List.of(rows.clone());
        }
        TreeMap<Integer, int[]> counts = new TreeMap<>();
        for (int row : rows) {
            counts.computeIfAbsent(strata[row], s -> new int[1])[0]++;
        }
        java.util.Map<Integer, int[]> groups = new java.util.HashMap<>();
        java.util.Map<Integer, int[]> fill = new java.util.HashMap<>();
        counts.forEach((stratum, count) -> {
            groups.put(stratum, new int[count[0]]);
            fill.put(stratum, new int[1]);
        });
        int lastStratum = Integer.MIN_VALUE;
        int[] group = null;
        int[] at = null;
        for (int row : rows) {
            int stratum = strata[row];
            if (group == null || stratum != lastStratum) {
                group = groups.get(stratum);
                at = fill.get(stratum);
                lastStratum = stratum;
            }
            group[at[0]++] = row;
        }
        List<int[]> out = new ArrayList<>();
        counts.keySet().forEach(stratum -> out.add(groups.get(stratum)));
        return out;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] sorted(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static int[] sorted(int[] rows, int n) {
        int[] out = Arrays.copyOf(rows, n);
        Arrays.sort(out);
        return out;
    }
}
