package org.mlops4j.train.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A curve as parallel arrays: x, y, and the score threshold of each point. ROC: x = false positive
 * rate, y = true positive rate. PR: x = recall, y = precision.
 */
public record Curve(String name, String xLabel, String yLabel, double[] x, double[] y, double[] thresholds) {
    public int size() {
        return x.length;
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", name);
        node.put("x_label", xLabel);
        node.put("y_label", yLabel);
        ArrayNode xs = node.putArray("x");
        ArrayNode ys = node.putArray("y");
        ArrayNode ts = node.putArray("thresholds");
        for (int i = 0; i < x.length; i++) {
            xs.add(x[i]);
            ys.add(y[i]);
            if (Double.isFinite(thresholds[i])) {
                ts.add(thresholds[i]);
            } else {
                ts.addNull();
            }
        }
        return node;
    }
}
