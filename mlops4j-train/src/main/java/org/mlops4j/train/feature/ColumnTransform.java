package org.mlops4j.train.feature;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mlops4j.data.Column;

/** The fitted transformation of one input column into {@link #width()} consecutive features. Immutable. */
sealed interface ColumnTransform permits NumericTransform, OneHotTransform, OrdinalTransform {
    String input();

    /** "numeric" or "categorical": what the signature promises for this input. */
    String inputKind();

    int width();

    List<String> outputNames();

    /** Writes this column's features for every row: row r's first feature goes to {@code out[r * stride + offset]}. */
    void transformColumn(Column column, float[] out, int stride, int offset);

    /** Writes one row's features from a plain value (Number, String, Boolean or null). */
    void transformValue(Object value, float[] out, int offset);

    ObjectNode toJson();
}
