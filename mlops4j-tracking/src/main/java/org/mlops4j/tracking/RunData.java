package org.mlops4j.tracking;

import java.util.List;

/** A run's logged data: the latest value of each metric, all params and tags. */
public record RunData(List<Metric> metrics, List<Param> params, List<Tag> tags) {
    public static final RunData EMPTY = new RunData(List.of(), List.of(), List.of());

    public RunData {
        metrics = List.copyOf(metrics);
        params = List.copyOf(params);
        tags = List.copyOf(tags);
    }
}
