package org.mlops4j.core;

import java.util.UUID;

/** Identifier generation. Run ids are 32 lowercase hex characters, as MLflow's uuid4().hex. */
public final class Ids {
    private Ids() {
    }

    public static String newRunId() {
        UUID uuid = UUID.randomUUID();
        return hex(uuid.getMostSignificantBits()) + hex(uuid.getLeastSignificantBits());
    }

    private static String hex(long bits) {
        String s = Long.toHexString(bits);
        return "0".repeat(16 - s.length()) + s;
    }
}
