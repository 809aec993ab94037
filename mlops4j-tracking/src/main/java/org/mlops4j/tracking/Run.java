package org.mlops4j.tracking;

import java.util.List;

public record Run(RunInfo info, RunData data, List<DatasetInput> inputs) {
    public Run {
        inputs = List.copyOf(inputs);
    }
}
