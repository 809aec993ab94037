package org.mlops4j.tracking;

import java.util.Locale;

/** Soft-delete state of experiments and runs. */
public enum LifecycleStage {
    ACTIVE, DELETED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LifecycleStage fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
