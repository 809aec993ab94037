package org.mlops4j.train.tune;

import java.util.Locale;
import org.mlops4j.core.MlopsException;

/** How a search proposes trials. */
public enum SearchMethod {
    GRID, RANDOM, TPE;

    public static SearchMethod parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw MlopsException.invalidParameter("Unknown search method '%s' (known: grid, random, tpe)", name);
        }
    }
}
