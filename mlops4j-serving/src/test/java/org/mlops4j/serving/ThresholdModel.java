package org.mlops4j.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.schema.ColumnSchema;
import org.mlops4j.data.schema.Schema;

/**
 * A tiny real model for serving tests: "Risk" when the loan amount exceeds a threshold. Its version
 * is the threshold, so a test can tell which model answered.
 */
public record ThresholdModel(String modelName, String modelVersion, double threshold) implements ModelRuntime {
    public static final Schema SIGNATURE = Schema.of(List.of(
            new ColumnSchema("LoanAmount", ColumnType.NUMERIC, true, null, null, null, false, null),
            new ColumnSchema("Sex", ColumnType.CATEGORICAL, true, null, null, null, null, List.of("male", "female"))));

    @Override
    public Schema signature() {
        return SIGNATURE;
    }

    @Override
    public List<Prediction> predict(Table input, boolean explain) {
        NumericColumn amount = (NumericColumn) input.column("LoanAmount");
        List<Prediction> out = new ArrayList<>(input.rowCount());
        for (int row = 0; row < input.rowCount(); row++) {
            double p = amount.value(row) > threshold ? 0.8 : 0.2;
            out.add(new Prediction(p > 0.5 ? "Risk" : "No Risk", Map.of("Risk", p, "No Risk", 1 - p),
                    explain ? Map.of("LoanAmount", p - 0.5) : null));
        }
        return out;
    }

    /** Loads {@code test:/name/threshold} references, the way the real loader reads models:/ URIs. */
    public static ModelLoader loader() {
        return reference -> {
            String[] parts = reference.replace("test:/", "").split("/");
            if (parts.length != 2) {
                throw org.mlops4j.core.MlopsException.notFound("No model at %s", reference);
            }
            return new ThresholdModel(parts[0], parts[1], Double.parseDouble(parts[1]));
        };
    }
}
