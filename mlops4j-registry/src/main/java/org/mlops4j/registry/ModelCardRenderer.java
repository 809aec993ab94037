package org.mlops4j.registry;

import java.time.Instant;
import java.util.Map;

/** Model cards as Markdown (for people and repositories) and as a self-contained HTML page. */
public final class ModelCardRenderer {
    private ModelCardRenderer() {
    }

    public static String markdown(ModelCard card) {
        StringBuilder md = new StringBuilder();
        md.append("# Model card: ").append(card.name()).append(" v").append(card.version()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Stage", card.stage());
        row(md, "Aliases", card.aliases().isEmpty() ? "-" : String.join(", ", card.aliases()));
        row(md, "Registered by", card.registeredBy());
        row(md, "Registered at", Instant.ofEpochMilli(card.registeredAt()).toString());
        row(md, "Source", card.source());
        row(md, "Description", card.description());
        md.append("\n## Intended use\n\n").append(orDash(card.editable().intendedUse())).append("\n");
        md.append("\n## Limitations\n\n").append(orDash(card.editable().limitations())).append("\n");
        md.append("\n## Owner\n\n").append(orDash(card.editable().owner())).append("\n");
        ModelCard.Lineage lineage = card.lineage();
        md.append("\n## Lineage\n\n| | |\n|---|---|\n");
        row(md, "Run", lineage.runId() == null ? null : lineage.runId() + (lineage.runName() == null ? "" : " (" + lineage.runName() + ")"));
        row(md, "Experiment", lineage.experimentId());
        row(md, "Code commit", lineage.codeCommit());
        row(md, "Code source", lineage.codeSource());
        lineage.datasets().forEach(d -> row(md, "Dataset", d.dataset().name() + " @ " + d.dataset().digest()
                + d.tags().stream().filter(t -> t.key().equals("mlflow.data.context")).map(t -> " (" + t.value() + ")")
                .findFirst().orElse("")));
        table(md, "Parameters", lineage.params());
        table(md, "Metrics", lineage.metrics());
        md.append("\n## Approvals\n\n");
        if (card.approvals().isEmpty()) {
            md.append("-\n");
        } else {
            md.append("| environment | status | requested by | decided by | note |\n|---|---|---|---|---|\n");
            card.approvals().forEach(a -> md.append("| ").append(cell(a.environment())).append(" | ").append(a.status())
                    .append(" | ").append(cell(a.requestedBy())).append(" | ").append(cell(a.decidedBy())).append(" | ")
                    .append(cell(a.decisionNote())).append(" |\n"));
        }
        return md.toString();
    }

    private static void table(StringBuilder md, String title, Map<String, ?> values) {
        md.append("\n## ").append(title).append("\n\n");
        if (values.isEmpty()) {
            md.append("-\n");
            return;
        }
        md.append("| name | value |\n|---|---|\n");
        values.forEach((k, v) -> md.append("| ").append(cell(k)).append(" | ").append(cell(String.valueOf(v))).append(" |\n"));
    }

    private static void row(StringBuilder md, String label, String value) {
        md.append("| ").append(label).append(" | ").append(cell(value)).append(" |\n");
    }

    private static String cell(String value) {
        return value == null || value.isEmpty() ? "-" : value.replace("|", "\\|").replace("\n", " ");
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }

    /** A standalone HTML page; every value is escaped. */
    public static String html(ModelCard card) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Model card: ")
                .append(escape(card.name())).append(" v").append(card.version()).append("</title><style>"
                        + "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}"
                        + "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
                        + "text-align:left}th{background:#f4f4f4}</style></head><body>");
        boolean inTable = false;
        for (String line : markdown(card).split("\n")) {
            boolean tableLine = line.startsWith("|");
            if (tableLine != inTable) {
                html.append(tableLine ? "<table>" : "</table>");
                inTable = tableLine;
            }
            html.append(htmlLine(line));
        }
        return html.append(inTable ? "</table>" : "").append("</body></html>").toString();
    }

    private static String htmlLine(String line) {
        if (line.startsWith("# ")) {
            return "<h1>" + escape(line.substring(2)) + "</h1>";
        }
        if (line.startsWith("## ")) {
            return "<h2>" + escape(line.substring(3)) + "</h2>";
        }
        if (line.startsWith("|---")) {
            return "";
        }
        if (line.startsWith("| ")) {
            String[] cells = line.substring(2, line.length() - 2).split(" (?<!\\\\)\\| ", -1);
            StringBuilder row = new StringBuilder("<tr>");
            for (String c : cells) {
                row.append("<td>").append(escape(c.replace("\\|", "|"))).append("</td>");
            }
            return row.append("</tr>").toString();
        }
        return line.isBlank() ? "" : "<p>" + escape(line) + "</p>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
