package org.mlops4j.tracking;

import java.util.List;

/** Which lifecycle stages a search returns (MLflow's ACTIVE_ONLY=1, DELETED_ONLY=2, ALL=3). */
public enum ViewType {
    ACTIVE_ONLY(List.of(LifecycleStage.ACTIVE)),
    DELETED_ONLY(List.of(LifecycleStage.DELETED)),
    ALL(List.of(LifecycleStage.ACTIVE, LifecycleStage.DELETED));

    private final List<LifecycleStage> stages;

    ViewType(List<LifecycleStage> stages) {
        this.stages = stages;
    }

    public List<LifecycleStage> stages() {
        return stages;
    }
}
