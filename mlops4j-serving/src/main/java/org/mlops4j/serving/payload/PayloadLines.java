package org.mlops4j.serving.payload;

/**
 * Encoded journal lines, ready for {@link PayloadLog#append(PayloadLines)}: {@code count} records,
 * each a newline-terminated JSON object (see {@link PayloadCodec}).
 */
public record PayloadLines(int count, byte[] bytes) {
}
