package org.mlops4j.tracking;

import java.util.Locale;

/** Soft-delete state of experiments and runs. */
public enum LifecycleStage {
    ACTIVE, DELETED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static LifecycleStage fromWire(String name) {
        return switch (name) {
            case "active" -> ACTIVE;
            case "deleted" -> DELETED;
            default -> valueOf(name.toUpperCase(Locale.ROOT));
        };
    }
}
