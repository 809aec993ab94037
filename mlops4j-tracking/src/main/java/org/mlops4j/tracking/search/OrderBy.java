package org.mlops4j.tracking.search;

/** One {@code order_by} entry, e.g. {@code metrics.rmse DESC}; {@code key} as in {@link Filter.Comparison}. */
public record OrderBy(Filter.Entity entity, String key, boolean ascending) {
}
