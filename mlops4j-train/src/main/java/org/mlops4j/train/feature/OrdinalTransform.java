package org.mlops4j.train.feature;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mlops4j.data.Column;

/** A categorical input as its category's index (0, 1, ...); no category (unknown or missing) is missing (NaN). */
final class OrdinalTransform implements ColumnTransform {
    private final String input;
    private final CategoryIndex index;

    OrdinalTransform(String input, CategoryIndex index) {
        this.input = input;
        this.index = index;
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
        return 1;
    }

    @Override
    public List<String> outputNames() {
        return List.of(input);
    }

    @Override
    public void transformColumn(Column column, float[] out, int stride, int offset) {
        int[] codes = index.lookupColumn(column);
        for (int r = 0; r < codes.length; r++) {
            out[r * stride + offset] = codes[r] >= 0 ? codes[r] : Float.NaN;
        }
    }

    @Override
    public void transformValue(Object value, float[] out, int offset) {
        int code = index.lookup(CategoryIndex.text(value));
        out[offset] = code >= 0 ? code : Float.NaN;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", input);
        node.put("kind", "ordinal");
        ArrayNode categories = node.putArray("categories");
        index.categories().forEach(categories::add);
        node.put("impute", index.impute());
        node.put("unknown", index.unknown().name().toLowerCase(java.util.Locale.ROOT));
        return node;
    }
}
