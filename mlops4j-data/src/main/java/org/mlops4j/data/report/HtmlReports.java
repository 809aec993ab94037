package org.mlops4j.data.report;

import java.util.ArrayList;
import java.util.List;
import org.mlops4j.data.drift.ColumnDrift;
import org.mlops4j.data.drift.DatasetDrift;
import org.mlops4j.data.drift.SkippedColumn;
import org.mlops4j.data.schema.ColumnSchema;
import org.mlops4j.data.schema.Schema;
import org.mlops4j.data.stats.ColumnStatistics;
import org.mlops4j.data.stats.DatasetStatistics;
import org.mlops4j.data.stats.HistogramBin;
import org.mlops4j.data.stats.Quantile;
import org.mlops4j.data.stats.ValueCount;
import org.mlops4j.data.validation.Anomaly;
import org.mlops4j.data.validation.Severity;
import org.mlops4j.data.validation.ValidationReport;

/** Self-contained HTML pages (inline CSS and SVG, no script) for statistics, validation and drift. Stateless. */
public final class HtmlReports {
    private static final int CHART_VALUES = 20;

    private HtmlReports() {
    }

    public static String statistics(String title, DatasetStatistics statistics) {
        Html html = new Html(title);
        html.raw("<p class=\"meta\">" + Html.number(statistics.rowCount()) + " rows, " + statistics.columns().size()
                + " columns</p>\n<table><tr><th>column</th><th>type</th><th>missing</th><th>mean</th><th>std</th>"
                + "<th>min</th><th>median</th><th>max</th><th>zeros</th><th>distinct</th><th>top value</th></tr>\n");
        for (ColumnStatistics c : statistics.columns()) {
            html.raw("<tr><td>" + Html.escape(c.name()) + "</td><td>" + c.type() + "</td><td class=\"n\">"
                    + Html.number(c.missing()) + " (" + Html.percent(c.missingFraction()) + ")</td>");
            if (c.numeric() != null) {
                var n = c.numeric();
                html.raw(cells(n.mean(), n.std(), n.min(), n.quantile(0.5), n.max()) + "<td class=\"n\">"
                        + Html.number(n.zeros()) + "</td><td></td><td></td></tr>\n");
            } else {
                var k = c.categorical();
                ValueCount top = k.topValues().isEmpty() ? null : k.topValues().get(0);
                html.raw("<td></td><td></td><td></td><td></td><td></td><td></td><td class=\"n\">"
                        + Html.number(k.distinct()) + "</td><td>" + (top == null ? "" : Html.escape(top.value()) + " ("
                        + Html.percent(top.frequency()) + ")") + "</td></tr>\n");
            }
        }
        html.raw("</table>\n<h2>Distributions</h2>\n<div class=\"cards\">\n");
        for (ColumnStatistics c : statistics.columns()) {
            html.raw("<div class=\"card\"><h3>" + Html.escape(c.name()) + " <small>" + c.type() + "</small></h3>");
            if (c.numeric() != null && !c.numeric().histogram().isEmpty()) {
                List<String> labels = new ArrayList<>();
                List<Double> counts = new ArrayList<>();
                for (HistogramBin bin : c.numeric().histogram()) {
                    labels.add(Html.number(bin.low()) + " – " + Html.number(bin.high()));
                    counts.add((double) bin.count());
                }
                html.raw(SvgCharts.bars(labels, counts, SvgCharts.REFERENCE));
                StringBuilder q = new StringBuilder("<div class=\"meta\">");
                for (Quantile quantile : c.numeric().quantiles()) {
                    q.append("p").append(Math.round(quantile.q() * 100)).append(" ").append(Html.number(quantile.value()))
                            .append(" · ");
                }
                html.raw(q.append(c.numeric().exact() ? "exact" : "approximate").append("</div>").toString());
            } else if (c.categorical() != null) {
                List<ValueCount> top = c.categorical().topValues();
                top = top.subList(0, Math.min(CHART_VALUES, top.size()));
                html.raw(SvgCharts.bars(top.stream().map(ValueCount::value).toList(),
                        top.stream().map(v -> (double) v.count()).toList(), SvgCharts.REFERENCE));
            }
            html.raw("</div>\n");
        }
        return html.raw("</div>").finish();
    }

    private static String cells(double... values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append("<td class=\"n\">").append(Html.number(v)).append("</td>");
        }
        return b.toString();
    }

    public static String schema(String title, Schema schema) {
        Html html = new Html(title);
        html.raw("<p class=\"meta\">" + schema.columns().size() + " columns</p>\n<table><tr><th>column</th><th>type</th>"
                + "<th>required</th><th>range</th><th>NaN allowed</th><th>domain</th></tr>\n");
        for (ColumnSchema c : schema.columns()) {
            String range = c.min() == null && c.max() == null ? ""
                    : "[" + (c.min() == null ? "" : Html.number(c.min())) + ", " + (c.max() == null ? "" : Html.number(c.max())) + "]";
            html.raw("<tr><td>" + Html.escape(c.name()) + "</td><td>" + c.type() + "</td><td>" + (c.required() ? "yes" : "no")
                    + "</td><td>" + range + "</td><td>" + (c.allowNan() == null ? "" : c.nanAllowed() ? "yes" : "no") + "</td><td>"
                    + (c.domain() == null ? "" : Html.escape(String.join(", ", c.domain()))) + "</td></tr>\n");
        }
        return html.raw("</table>").finish();
    }

    public static String validation(String title, ValidationReport report) {
        Html html = new Html(title);
        long errors = report.anomalies().stream().filter(a -> a.severity() == Severity.ERROR).count();
        html.raw("<p class=\"meta\">" + Html.number(report.rowCount()) + " rows · ");
        if (report.isClean()) {
            return html.raw("<span class=\"ok\">no anomalies</span></p>").finish();
        }
        html.raw("<span class=\"bad\">" + errors + " error(s)</span>, <span class=\"warn\">"
                + (report.anomalies().size() - errors) + " warning(s)</span></p>\n<table><tr><th>severity</th>"
                + "<th>code</th><th>column</th><th>count</th><th>description</th><th>examples</th></tr>\n");
        for (Anomaly a : report.anomalies()) {
            html.raw("<tr><td class=\"" + (a.severity() == Severity.ERROR ? "bad" : "warn") + "\">" + a.severity()
                    + "</td><td><code>" + a.code() + "</code></td><td>" + Html.escape(a.column()) + "</td><td class=\"n\">"
                    + Html.number(a.count()) + "</td><td>" + Html.escape(a.description()) + "</td><td>"
                    + Html.escape(String.join("; ", a.examples())) + "</td></tr>\n");
        }
        return html.raw("</table>").finish();
    }

    public static String drift(String title, DatasetDrift drift) {
        Html html = new Html(title);
        html.raw("<p class=\"meta\">reference " + Html.number(drift.referenceRows()) + " rows · current "
                + Html.number(drift.currentRows()) + " rows · " + drift.driftedColumns() + " of " + drift.columns().size()
                + " columns drifted (" + Html.percent(drift.driftedShare()) + ", threshold "
                + Html.percent(drift.driftShare()) + ") · ")
                .raw(drift.datasetDrift() ? "<span class=\"bad\">dataset drift detected</span>"
                        : "<span class=\"ok\">no dataset drift</span>")
                .raw("</p>\n<table><tr><th>column</th><th>type</th><th>test</th><th>score</th><th>threshold</th>"
                        + "<th>drift</th></tr>\n");
        for (ColumnDrift c : drift.columns()) {
            html.raw("<tr><td>" + Html.escape(c.column()) + "</td><td>" + c.type() + "</td><td>"
                    + Html.escape(c.testDisplayName()) + (c.autoSelected() ? " <small>(auto)</small>" : "")
                    + "</td><td class=\"n\">" + Html.number(c.score()) + "</td><td class=\"n\">" + Html.number(c.threshold())
                    + "</td><td class=\"" + (c.drifted() ? "bad\">drift" : "ok\">no drift") + "</td></tr>\n");
        }
        html.raw("</table>\n");
        if (!drift.skipped().isEmpty()) {
            html.raw("<h2>Not compared</h2><table><tr><th>column</th><th>reason</th></tr>");
            for (SkippedColumn s : drift.skipped()) {
                html.raw("<tr><td>" + Html.escape(s.column()) + "</td><td>" + Html.escape(s.reason()) + "</td></tr>");
            }
            html.raw("</table>\n");
        }
        html.raw("<h2>Distributions</h2><p class=\"legend\"><span><i class=\"sw\" style=\"background:"
                + SvgCharts.REFERENCE + "\"></i>reference</span><span><i class=\"sw\" style=\"background:"
                + SvgCharts.CURRENT + "\"></i>current</span></p>\n<div class=\"cards\">\n");
        for (ColumnDrift c : drift.columns()) {
            html.raw("<div class=\"card\"><h3>" + Html.escape(c.column()) + " <small class=\""
                    + (c.drifted() ? "bad\">drift" : "ok\">no drift") + "</small></h3>"
                    + SvgCharts.pairs(c.reference().labels(), c.reference().shares(), c.current().shares())
                    + "<div class=\"meta\">" + Html.escape(c.testDisplayName()) + " = " + Html.number(c.score()) + "</div></div>\n");
        }
        return html.raw("</div>").finish();
    }
}
