package org.mlops4j.data.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Bounds on the number of rows (either may be null). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RowCountRange(Long min, Long max) {
}
