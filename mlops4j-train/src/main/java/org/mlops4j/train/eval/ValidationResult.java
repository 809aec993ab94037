package org.mlops4j.train.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Whether a candidate passed its thresholds, with one line per check.
 *
 * @param baselineName what the candidate was compared with (e.g. a bundle path), or null for none
 */
public record ValidationResult(boolean passed, List<Check> checks, String baselineName) {
    public ValidationResult {
        checks = List.copyOf(checks);
    }

    /** One criterion: the metric, the values compared, whether it passed, and why. */
    public record Check(String metric, String criterion, double candidate, Double baseline, Double required,
                        boolean passed, String message) {
    }

    public List<Check> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("passed", passed);
        node.put("baseline", baselineName);
        ArrayNode list = node.putArray("checks");
        for (Check c : checks) {
            ObjectNode item = list.addObject();
            item.put("metric", c.metric());
            item.put("criterion", c.criterion());
            item.put("candidate", c.candidate());
            if (c.baseline() == null) {
                item.putNull("baseline");
            } else {
                item.put("baseline", c.baseline());
            }
            if (c.required() == null) {
                item.putNull("required");
            } else {
                item.put("required", c.required());
            }
            item.put("passed", c.passed());
            item.put("message", c.message());
        }
        return node;
    }
}
