package org.mlops4j.train;

import java.util.Locale;
import org.mlops4j.core.MlopsException;

/** What a model predicts. */
public enum Task {
    /** Two classes; probabilities of the positive class. */
    BINARY,
    /** Three or more classes; one probability per class. */
    MULTICLASS,
    /** A real number. */
    REGRESSION;

    public boolean isClassification() {
        return this != REGRESSION;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Task parse(String name) {
        for (Task task : values()) {
            if (task.wireName().equals(name)) {
                return task;
            }
        }
        throw MlopsException.invalidParameter("Unknown task '%s' (known: binary, multiclass, regression)", name);
    }
}
