package org.mlops4j.serving.payload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    private static final int ENDPOINT_FIELD = 0;
    private static final int MODEL_NAME_FIELD = 1;
    private static final int MODEL_VERSION_FIELD = 2;
    private static final int TRAFFIC_FIELD = 3;

    // The previous line's strings by field, with their bytes: consecutive lines nearly always
    // repeat them, and decoding a new String for each was a third of the scan.
    private final byte[][] lastBytes = new byte[4][];
    private final String[] lastText = new String[4];
    private byte[] bytes;
    private int end;
    private int position;

    /** A scanner for one reader's lines, in turn; not thread-safe. */
    PayloadHeaderScanner() {
    }

    /** {@link #header} with a scanner of its own. */
    static PayloadCodec.LineHeader scan(byte[] bytes, int offset, int length) {
        return new PayloadHeaderScanner().header(bytes, offset, length);
    }

    /** The header of the line in {@code bytes[offset, offset + length)}, or null if it is not in the written form. */
    PayloadCodec.LineHeader header(byte[] line, int offset, int length) {
        this.bytes = line;
        this.position = offset;
        this.end = offset + length;
        try {
            return header();
        } finally {
            this.bytes = null; // do not keep the caller's buffer
        }
    }

    private PayloadCodec.LineHeader header() {
        if (!literal(REQUEST_ID) || !skipString() || !literal(ROW_INDEX) || number() == null || !literal(ENDPOINT)) {
            return null;
        }
        String endpoint = string(ENDPOINT_FIELD);
        if (endpoint == null || !literal(MODEL_NAME)) {
            return null;
        }
        boolean nullName = literal(NULL);
        String modelName = nullName ? null : string(MODEL_NAME_FIELD);
        if (!nullName && modelName == null || !literal(MODEL_VERSION)) {
            return null;
        }
        boolean nullVersion = literal(NULL);
        String modelVersion = nullVersion ? null : string(MODEL_VERSION_FIELD);
        if (!nullVersion && modelVersion == null || !literal(TRAFFIC)) {
            return null;
        }
        String traffic = string(TRAFFIC_FIELD);
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
    private String string(int field) {
        int close = closingQuote();
        if (close < 0) {
            return null;
        }
        int start = position + 1;
        position = close + 1;
        byte[] last = lastBytes[field];
        if (last != null && Arrays.equals(last, 0, last.length, bytes, start, close)) {
            return lastText[field];
        }
        lastBytes[field] = Arrays.copyOfRange(bytes, start, close);
        lastText[field] = new String(bytes, start, close - start, StandardCharsets.UTF_8);
        return lastText[field];
    }

    /** Passes a string as {@link #string} reads it, without decoding it; false for anything else. */
    private boolean skipString() {
        int close = closingQuote();
        if (close < 0) {
            return false;
        }
        position = close + 1;
        return true;
    }

    /** Where the string at the position ends, if it has no escapes or control characters; else -1. */
    private int closingQuote() {
        if (position >= end || bytes[position] != '"') {
            return -1;
        }
        for (int i = position + 1; i < end; i++) {
            byte b = bytes[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                return -1;
            }
        }
        return -1;
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
