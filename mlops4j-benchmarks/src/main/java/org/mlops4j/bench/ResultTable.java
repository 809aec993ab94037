package org.mlops4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The printed report: one row per figure and backend, with the target and PASS/MISS beside it. */
final class ResultTable {
    /** A bound a figure must meet: {@code value <= bound} or {@code value >= bound}. */
    record Target(double bound, boolean atMost, String unit) {
        static Target atMost(double bound, String unit) {
            return new Target(bound, true, unit);
        }

        static Target atLeast(double bound, String unit) {
            return new Target(bound, false, unit);
        }

        boolean met(double value) {
            return atMost ? value <= bound : value >= bound;
        }

        @Override
        public String toString() {
            return (atMost ? "<= " : ">= ") + format(bound) + " " + unit;
        }
    }

    private record Row(String backend, String figure, String value, String target, String result) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** A figure with a target. */
    void add(String backend, String figure, double value, String unit, Target target) {
        rows.add(new Row(backend, figure, format(value) + " " + unit, target.toString(),
                target.met(value) ? "PASS" : "MISS"));
    }

    /** A figure reported for transparency, without a target. */
    void add(String backend, String figure, double value, String unit) {
        rows.add(new Row(backend, figure, format(value) + " " + unit, "-", ""));
    }

    void print(PrintStream out) {
        String[] header = {"backend", "figure", "value", "target", "result"};
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (Row row : rows) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        printLine(out, header, widths);
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append("-".repeat(width)).append("  ");
        }
        out.println(rule.toString().stripTrailing());
        String previousBackend = null;
        for (Row row : rows) {
            if (previousBackend != null && !previousBackend.equals(row.backend())) {
                out.println();
            }
            previousBackend = row.backend();
            printLine(out, cells(row), widths);
        }
    }

    private static String[] cells(Row row) {
        return new String[] {row.backend(), row.figure(), row.value(), row.target(), row.result()};
    }

    private static void printLine(PrintStream out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            // Values right-aligned so digits line up; everything else left-aligned.
            String cell = i == 2 ? " ".repeat(widths[i] - cells[i].length()) + cells[i]
                    : cells[i] + " ".repeat(widths[i] - cells[i].length());
            line.append(cell).append("  ");
        }
        out.println(line.toString().stripTrailing());
    }

    /** Three significant digits at most: enough for timings that vary by more than that between runs. */
    static String format(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
