package org.mlops4j.data.report;

import java.util.List;
import java.util.Locale;

/** Inline SVG bar charts: one series, or reference and current side by side. Stateless. */
final class SvgCharts {
    static final String REFERENCE = "#7b93db";
    static final String CURRENT = "#f59e0b";
    private static final int WIDTH = 380;
    private static final int HEIGHT = 150;
    private static final int BOTTOM = 28;

    private SvgCharts() {
    }

    /** Bars of {@code values} (any scale) labelled by {@code labels}; first and last label shown under the axis. */
    static String bars(List<String> labels, List<Double> values, String colour) {
        return chart(labels, List.of(values), List.of(colour));
    }

    /** Two series side by side per label. */
    static String pairs(List<String> labels, List<Double> reference, List<Double> current) {
        return chart(labels, List.of(reference, current), List.of(REFERENCE, CURRENT));
    }

    private static String chart(List<String> labels, List<List<Double>> series, List<String> colours) {
        int n = labels.size();
        double max = 0;
        for (List<Double> s : series) {
            for (double v : s) {
                max = Math.max(max, v);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%%\" style=\"max-width:%dpx\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\">", WIDTH, WIDTH, HEIGHT));
        int plot = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9aa5b1\"/>",
                plot, WIDTH, plot));
        if (n == 0 || max <= 0) {
            return svg.append("</svg>").toString();
        }
        double slot = WIDTH / (double) n;
        double bar = Math.max(1, (slot - 2) / series.size());
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s).get(i);
                double h = v / max * (plot - 4);
                double x = i * slot + 1 + s * bar;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title></rect>",
                        x, plot - h, bar, h, colours.get(s), Html.escape(labels.get(i)), Html.number(v)));
            }
        }
        svg.append(label(2, "start", labels.get(0)));
        if (n > 1) {
            svg.append(label(WIDTH - 2, "end", labels.get(n - 1)));
        }
        return svg.append("</svg>").toString();
    }

    private static String label(int x, String anchor, String text) {
        String shown = text.length() > 28 ? text.substring(0, 27) + "…" : text;
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\" fill=\"#52606d\">%s</text>",
                x, HEIGHT - 10, anchor, Html.escape(shown));
    }
}
