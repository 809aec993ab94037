package org.mlops4j.serving.payload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names the payload journal derives from content: the ring's after its journal, a schema's after its names. */
final class ShortDigests {
    private ShortDigests() {
    }

    /** The first 64 bits of the SHA-256 of {@code bytes}, as 16 lowercase hex digits. */
    static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }
}
