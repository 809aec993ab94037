package org.mlops4j.data;

import java.util.BitSet;

/** Shared handling of a column's missing-value bitmap (null or empty when nothing is missing). */
final class Missing {
    private Missing() {
    }

    static BitSet normalise(BitSet missing, int size) {
        if (missing == null || missing.isEmpty()) {
            return null;
        }
        if (missing.length() > size) {
            throw new IllegalArgumentException("missing bitmap marks rows beyond the column's " + size + " rows");
        }
        return (BitSet) missing.clone();
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a column needs a non-empty name");
        }
    }
}
