/**
 * Per-column statistics in the spirit of TFDV's {@code statistics.proto}: counts, missing values,
 * moments, min/quantiles/max, zeros, NaN/infinity counts and an equal-width histogram for numeric
 * columns; distinct count and top values with frequencies for categorical, text and boolean
 * columns. Entry point: {@link org.mlops4j.data.stats.Statistics}.
 *
 * <p>Choices: moments are merged chunk by chunk (Chan et al.), so one pass suffices; quantiles and
 * histogram counts are exact (sorting the column's finite values once) while a column's values fit
 * the {@linkplain org.mlops4j.data.stats.StatisticsOptions#exactValueBudget() budget}, and come
 * from a t-digest sketch beyond it ({@code exact=false} in the result). Standard deviation is the
 * population one (ddof 0, as numpy). Quantiles interpolate linearly between order statistics
 * (numpy's default). Histogram bins are numpy's: equal width over [min, max], the last bin closed.
 */
package org.mlops4j.data.stats;
