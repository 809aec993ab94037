package org.mlops4j.serving.payload;

import java.nio.charset.StandardCharsets;

/**
 * Reads a journal line's header straight from its bytes when the line has the exact form {@link
 * PayloadCodec} writes: the header fields first and in order, strings without escapes. Anything
 * else gives null, and the caller parses the line as JSON. The loader reads every line's header,
 * and a JSON parser per line was two thirds of the loader's work.
 */
final class PayloadHeaderScanner {
    private static final byte[] REQUEST_ID = ascii("{\"requestId\":");
    private static final byte[] ROW_INDEX = ascii(",\"rowIndex\":");
    private static final byte[] ENDPOINT = ascii(",\"endpoint\":");
    private static final byte[] MODEL_NAME = ascii(",\"modelName\":");
    private static final byte[] MODEL_VERSION = ascii(",\"modelVersion\":");
    private static final byte[] TRAFFIC = ascii(",\"traffic\":");
    private static final byte[] SCORED_AT = ascii(",\"scoredAt\":");
    private static final byte[] NULL = ascii("null");

    private final byte[] bytes;
    private final int end;
    private int position;

    private PayloadHeaderScanner(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    /** The header of the line in {@code bytes[offset, offset + length)}, or null if it is not in the written form. */
    static PayloadCodec.LineHeader scan(byte[] bytes, int offset, int length) {
        return new PayloadHeaderScanner(bytes, offset, length).header();
    }

    private PayloadCodec.LineHeader header() {
        if (!literal(REQUEST_ID) || string() == null || !literal(ROW_INDEX) || number() == null || !literal(ENDPOINT)) {
            return null;
        }
        String endpoint = string();
        if (endpoint == null || !literal(MODEL_NAME)) {
            return null;
        }
        boolean nullName = literal(NULL);
        String modelName = nullName ? null : string();
        if (!nullName && modelName == null || !literal(MODEL_VERSION)) {
            return null;
        }
        boolean nullVersion = literal(NULL);
        String modelVersion = nullVersion ? null : string();
        if (!nullVersion && modelVersion == null || !literal(TRAFFIC)) {
            return null;
        }
        String traffic = string();
        if (traffic == null || !literal(SCORED_AT)) {
            return null;
        }
        Long scoredAt = number();
        if (scoredAt == null || position >= end || bytes[position] != ',') {
            return null;
        }
        return new PayloadCodec.LineHeader(endpoint, modelName, modelVersion, traffic, scoredAt);
    }

    private boolean literal(byte[] expected) {
        if (end - position < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (bytes[position + i] != expected[i]) {
                return false;
            }
        }
        position += expected.length;
        return true;
    }

    /** A string without escapes or control characters; null for anything else. */
    private String string() {
        if (position >= end || bytes[position] != '"') {
            return null;
        }
        int start = position + 1;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b == '"') {
                position = i + 1;
                return new String(bytes, start, i - start, StandardCharsets.UTF_8);
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                return null;
            }
        }
        return null;
    }

    /** A whole number of at most 18 digits; null for anything else. */
    private Long number() {
        boolean negative = position < end && bytes[position] == '-';
        int start = negative ? position + 1 : position;
        long value = 0;
        int i = start;
        while (i < end && i - start < 18 && bytes[i] >= '0' && bytes[i] <= '9') {
            value = value * 10 + (bytes[i] - '0');
            i++;
        }
        if (i == start || (i < end && bytes[i] >= '0' && bytes[i] <= '9')) {
            return null;
        }
        position = i;
        return negative ? -value : value;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
