package org.mlops4j.train.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Counts by actual class (rows) and predicted class (columns), classes in {@link #classes()} order. */
public record ConfusionMatrix(List<String> classes, long[][] counts) {
    public ConfusionMatrix {
        classes = List.copyOf(classes);
    }

    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode names = node.putArray("classes");
        classes.forEach(names::add);
        ArrayNode rows = node.putArray("counts");
        for (long[] row : counts) {
            ArrayNode r = rows.addArray();
            for (long c : row) {
                r.add(c);
            }
        }
        node.put("layout", "rows are actual classes, columns predicted classes");
        return node;
    }
}
