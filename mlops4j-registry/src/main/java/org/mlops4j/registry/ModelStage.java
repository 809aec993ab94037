package org.mlops4j.registry;

import java.util.Arrays;
import java.util.Locale;
import org.mlops4j.core.MlopsException;

/** MLflow's (deprecated but still used) version stages, matched case-insensitively on input. */
public enum ModelStage {
    NONE("None"), STAGING("Staging"), PRODUCTION("Production"), ARCHIVED("Archived");

    private final String wireName;

    ModelStage(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ModelStage parse(String stage) {
        if (stage == null) {
            throw MlopsException.invalidParameter("Missing value for required parameter 'stage'");
        }
        String wanted = stage.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.wireName.toLowerCase(Locale.ROOT).equals(wanted)).findFirst()
                .orElseThrow(() -> MlopsException.invalidParameter("Invalid Model Version stage: %s. Value must be one "
                        + "of None, Staging, Production, Archived.", stage));
    }
}
