package org.mlops4j.train.eval;

import java.util.List;
import java.util.Locale;

/**
 * Self-contained SVG charts (the MLflow UI shows SVG artifacts as images): ROC and PR curves,
 * loss per iteration, and the confusion matrix. Output is deterministic for the same input.
 */
public final class Charts {
    private static final int WIDTH = 480;
    private static final int HEIGHT = 400;
    private static final int LEFT = 64;
    private static final int RIGHT = 24;
    private static final int TOP = 40;
    private static final int BOTTOM = 56;
    private static final int MAX_POINTS = 2000;
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"};

    /** One line on a chart. */
    public record Series(String name, double[] x, double[] y) {
    }

    private Charts() {
    }

    public static String roc(Curve roc, double auc) {
        return line("ROC curve (AUC = " + fmt(auc, 4) + ")", roc.xLabel(), roc.yLabel(),
                List.of(new Series("model", roc.x(), roc.y())), 0, 1, 0, 1, true);
    }

    public static String pr(Curve pr, double averagePrecision) {
        return line("Precision-recall curve (AP = " + fmt(averagePrecision, 4) + ")", pr.xLabel(), pr.yLabel(),
                List.of(new Series("model", pr.x(), pr.y())), 0, 1, 0, 1, false);
    }

    /** Loss per iteration, one series per data split. */
    public static String loss(String lossName, List<Series> series) {
        double xMax = 1;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            xMax = Math.max(xMax, s.x().length == 0 ? 1 : s.x()[s.x().length - 1]);
            for (double v : s.y()) {
                if (Double.isFinite(v)) {
                    yMin = Math.min(yMin, v);
                    yMax = Math.max(yMax, v);
                }
            }
        }
        if (!(yMax > yMin)) {
            yMin = Double.isFinite(yMin) ? yMin - 0.5 : 0;
            yMax = yMin + 1;
        }
        double pad = (yMax - yMin) * 0.05;
        return line("Loss per iteration (" + lossName + ")", "iteration", lossName, series, 0, xMax, yMin - pad,
                yMax + pad, false);
    }

    public static String line(String title, String xLabel, String yLabel, List<Series> series, double xMin, double xMax,
                              double yMin, double yMax, boolean diagonal) {
        StringBuilder svg = header(title);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\" fill=\"none\" stroke=\"#333\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double fx = xMin + (xMax - xMin) * i / 4;
            double fy = yMin + (yMax - yMin) * i / 4;
            double px = LEFT + plotW * i / 4.0;
            double py = TOP + plotH - plotH * i / 4.0;
            svg.append("<text x=\"").append(fmt(px, 1)).append("\" y=\"").append(TOP + plotH + 16)
                    .append("\" text-anchor=\"middle\">").append(tick(fx)).append("</text>\n");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(py + 4, 1))
                    .append("\" text-anchor=\"end\">").append(tick(fy)).append("</text>\n");
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"")
                    .append(fmt(py, 1)).append("\" y2=\"").append(fmt(py, 1)).append("\" stroke=\"#eee\"/>\n");
        }
        svg.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(HEIGHT - 14)
                .append("\" text-anchor=\"middle\">").append(escape(xLabel)).append("</text>\n");
        svg.append("<text transform=\"translate(16,").append(TOP + plotH / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(escape(yLabel)).append("</text>\n");
        if (diagonal) {
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + plotH).append("\" x2=\"")
                    .append(LEFT + plotW).append("\" y2=\"").append(TOP).append("\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>\n");
        }
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String colour = COLOURS[s % COLOURS.length];
            int n = line.x().length;
            int step = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"");
            for (int i = 0; i < n; i += step) {
                appendPoint(svg, line, i, xMin, xMax, yMin, yMax, plotW, plotH);
            }
            if (n > 0 && (n - 1) % step != 0) {
                appendPoint(svg, line, n - 1, xMin, xMax, yMin, yMax, plotW, plotH);
            }
            svg.append("\"/>\n");
            if (series.size() > 1) {
                int ly = TOP + 16 + 18 * s;
                svg.append("<line x1=\"").append(LEFT + plotW - 110).append("\" x2=\"").append(LEFT + plotW - 90)
                        .append("\" y1=\"").append(ly - 4).append("\" y2=\"").append(ly - 4).append("\" stroke=\"")
                        .append(colour).append("\" stroke-width=\"2\"/>\n");
                svg.append("<text x=\"").append(LEFT + plotW - 84).append("\" y=\"").append(ly).append("\">")
                        .append(escape(line.name())).append("</text>\n");
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static void appendPoint(StringBuilder svg, Series line, int i, double xMin, double xMax, double yMin,
                                    double yMax, int plotW, int plotH) {
        double y = line.y()[i];
        if (!Double.isFinite(y)) {
            return;
        }
        double px = LEFT + (line.x()[i] - xMin) / (xMax - xMin) * plotW;
        double py = TOP + plotH - (y - yMin) / (yMax - yMin) * plotH;
        svg.append(fmt(px, 2)).append(',').append(fmt(py, 2)).append(' ');
    }

    public static String confusion(ConfusionMatrix matrix) {
        int k = matrix.classes().size();
        int cell = Math.max(36, Math.min(90, 360 / Math.max(k, 1)));
        int left = 140;
        int top = 70;
        int width = left + cell * k + 20;
        int height = top + cell * k + 40;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(width / 2).append("\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">")
                .append("Confusion matrix (rows: actual, columns: predicted)</text>\n");
        long max = 1;
        for (long[] row : matrix.counts()) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        for (int j = 0; j < k; j++) {
            svg.append("<text x=\"").append(left + cell * j + cell / 2).append("\" y=\"").append(top - 8)
                    .append("\" text-anchor=\"middle\">").append(escape(shorten(matrix.classes().get(j)))).append("</text>\n");
        }
        for (int i = 0; i < k; i++) {
            svg.append("<text x=\"").append(left - 8).append("\" y=\"").append(top + cell * i + cell / 2 + 4)
                    .append("\" text-anchor=\"end\">").append(escape(shorten(matrix.classes().get(i)))).append("</text>\n");
            for (int j = 0; j < k; j++) {
                long c = matrix.count(i, j);
                int shade = (int) Math.round(255 - 180.0 * c / max);
                svg.append("<rect x=\"").append(left + cell * j).append("\" y=\"").append(top + cell * i)
                        .append("\" width=\"").append(cell).append("\" height=\"").append(cell)
                        .append("\" fill=\"rgb(").append(shade).append(',').append(shade).append(",255)\" stroke=\"#333\"/>\n");
                svg.append("<text x=\"").append(left + cell * j + cell / 2).append("\" y=\"")
                        .append(top + cell * i + cell / 2 + 4).append("\" text-anchor=\"middle\">").append(c)
                        .append("</text>\n");
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder header(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">")
                .append(escape(title)).append("</text>\n");
        return svg;
    }

    private static String shorten(String s) {
        return s.length() > 18 ? s.substring(0, 17) + "…" : s;
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 0.01 || a >= 10000) ? String.format(Locale.ROOT, "%.2e", v) : fmt(v, a >= 100 ? 0 : 2);
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
