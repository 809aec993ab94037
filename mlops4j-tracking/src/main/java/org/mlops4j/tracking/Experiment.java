package org.mlops4j.tracking;

import java.util.List;

public record Experiment(String experimentId, String name, String artifactLocation, LifecycleStage lifecycleStage,
                         long creationTime, long lastUpdateTime, List<Tag> tags) {
    public Experiment {
        tags = List.copyOf(tags);
    }
}
