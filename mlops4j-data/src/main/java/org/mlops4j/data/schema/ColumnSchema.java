package org.mlops4j.data.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.mlops4j.data.ColumnType;

/**
 * What a column must look like.
 *
 * @param required           every row must have a value
 * @param maxMissingFraction for optional columns, the largest share of missing values allowed (null: any)
 * @param min                smallest value allowed (numeric columns; null: no bound)
 * @param max                largest value allowed (numeric columns; null: no bound)
 * @param allowNan           whether NaN and infinite values are allowed (numeric columns)
 * @param domain             the values allowed (categorical columns; null: any)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnSchema(String name, ColumnType type, boolean required, Double maxMissingFraction, Double min,
                           Double max, Boolean allowNan, List<String> domain) {
    public ColumnSchema {
        if (name == null || name.isEmpty() || type == null) {
            throw new IllegalArgumentException("a column schema needs a name and a type");
        }
        domain = domain == null ? null : List.copyOf(domain);
    }

    public boolean nanAllowed() {
        return allowNan != null && allowNan;
    }

    public ColumnSchema withDomain(List<String> values) {
        return new ColumnSchema(name, type, required, maxMissingFraction, min, max, allowNan, values);
    }

    public ColumnSchema withRange(Double low, Double high) {
        return new ColumnSchema(name, type, required, maxMissingFraction, low, high, allowNan, domain);
    }

    public ColumnSchema withRequired(boolean value) {
        return new ColumnSchema(name, type, value, maxMissingFraction, min, max, allowNan, domain);
    }
}
