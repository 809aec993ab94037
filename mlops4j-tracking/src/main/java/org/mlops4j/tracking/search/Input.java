package org.mlops4j.tracking.search;

import org.mlops4j.core.MlopsException;

/** The text being parsed and what it is ("filter", "order_by clause"), for error messages. */
record Input(String kind, String text) {

    private static final int MAX_SHOWN = 200;

    /** {@code Invalid <kind> '<text>': <problem> at position <n>}, with a 0-based character offset. */
    MlopsException error(int position, String problem) {
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        // The text may contain '%' (LIKE patterns): never use it as a format string.
        return MlopsException.invalidParameter("Invalid %s '%s': %s at position %d", kind, shown, problem, position);
    }
}
