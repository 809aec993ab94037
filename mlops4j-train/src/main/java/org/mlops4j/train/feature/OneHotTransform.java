package org.mlops4j.train.feature;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.mlops4j.data.Column;

/** A categorical input as one 0/1 feature per training category; no category (unknown or missing) is all zeros. */
final class OneHotTransform implements ColumnTransform {
    private final String input;
    private final CategoryIndex index;
    private final List<String> outputNames;

    OneHotTransform(String input, CategoryIndex index) {
        this.input = input;
        this.index = index;
        this.outputNames = index.categories().stream().map(c -> input + "=" + c).toList();
    }

    @Override
    public String input() {
        return input;
    }

    @Override
    public String inputKind() {
        return "categorical";
    }

    @Override
    public int width() {
        return index.categories().size();
    }

    @Override
    public List<String> outputNames() {
        return outputNames;
    }

    @Override
    public void transformColumn(Column column, float[] out, int stride, int offset) {
        int[] codes = index.lookupColumn(column);
        int width = width();
        for (int r = 0; r < codes.length; r++) {
            int base = r * stride + offset;
            Arrays.fill(out, base, base + width, 0f);
            if (codes[r] >= 0) {
                out[base + codes[r]] = 1f;
            }
        }
    }

    @Override
    public void transformValue(Object value, float[] out, int offset) {
        int code = index.lookup(CategoryIndex.text(value));
        Arrays.fill(out, offset, offset + width(), 0f);
        if (code >= 0) {
            out[offset + code] = 1f;
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", input);
        node.put("kind", "one_hot");
        ArrayNode categories = node.putArray("categories");
        index.categories().forEach(categories::add);
        node.put("impute", index.impute());
        node.put("unknown", index.unknown().name().toLowerCase(java.util.Locale.ROOT));
        return node;
    }
}
