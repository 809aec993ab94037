package org.mlops4j.tracking.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import org.mlops4j.tracking.Metric;

/**
 * The bytes of one metric chunk: points of one run and key, written together. Format 1 is a format
 * byte, a point count (int), then per point its step, timestamp and value bits (three longs, big
 * endian): fixed width, so a chunk is read without parsing and its length checks it. The value's
 * bits keep NaN, the infinities and -0.0 exactly, on SQLite and PostgreSQL alike.
 */
final class MetricChunkCodec {
    private static final byte FORMAT = 1;
    private static final int HEADER_BYTES = 1 + Integer.BYTES;
    private static final int POINT_BYTES = 3 * Long.BYTES;

    private MetricChunkCodec() {
    }

    /** The chunk of {@code points}, which must all be of one key. */
    static byte[] encode(Collection<Metric> points) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + points.size() * POINT_BYTES);
        buffer.put(FORMAT).putInt(points.size());
        for (Metric point : points) {
            buffer.putLong(point.step()).putLong(point.timestamp()).putLong(Double.doubleToLongBits(point.value()));
        }
        return buffer.array();
    }

    /** Adds the chunk's points, as points of {@code key}, to {@code into}. */
    static void decode(byte[] chunk, String key, List<Metric> into) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            byte format = buffer.get();
            int count = buffer.getInt();
            if (format != FORMAT || count < 0 || buffer.remaining() != (long) count * POINT_BYTES) {
                throw corrupt(key, chunk.length, null);
            }
            for (int i = 0; i < count; i++) {
                long step = buffer.getLong();
                long timestamp = buffer.getLong();
                into.add(new Metric(key, Double.longBitsToDouble(buffer.getLong()), timestamp, step));
            }
        } catch (BufferUnderflowException e) {
            throw corrupt(key, chunk.length, e);
        }
    }

    private static IllegalStateException corrupt(String key, int length, Exception cause) {
        return new IllegalStateException("Unreadable metric chunk of key '" + key + "' (" + length + " bytes)", cause);
    }
}
