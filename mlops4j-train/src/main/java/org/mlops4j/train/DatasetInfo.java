package org.mlops4j.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.Table;

/**
 * A dataset as recorded on a run and in a bundle's lineage.
 *
 * @param digest SHA-256 (hex) of the file's bytes, or of the table's content for in-memory tables
 * @param source where it came from: the path as written in the configuration, or a description
 */
public record DatasetInfo(String name, String digest, String source, int rows) {

    /** Describes a file: its digest is the SHA-256 of its bytes. */
    public static DatasetInfo ofFile(String name, Path file, String source, int rows) {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return new DatasetInfo(name, HexFormat.of().formatHex(digest.digest()), source, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Describes an in-memory table: its digest covers, per column, the name, the type, the missing
     * rows and the values (numbers by their IEEE bits, categories by dictionary and codes, other
     * values as UTF-8 text), so equal tables have equal digests.
     */
    public static DatasetInfo ofTable(String name, Table table, String source) {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (Column column : table.columns()) {
            putText(digest, column.name());
            putText(digest, column.type().name());
            int rows = column.size();
            BitSet missing = new BitSet(rows);
            for (int r = 0; r < rows; r++) {
                if (column.isMissing(r)) {
                    missing.set(r);
                }
            }
            byte[] bitmap = missing.toByteArray();
            digest.update(ByteBuffer.allocate(4).putInt(bitmap.length).array());
            digest.update(bitmap);
            if (column instanceof NumericColumn numeric) {
                double[] values = numeric.rawValues();
                if (!missing.isEmpty()) {
                    values = values.clone();
                    for (int r = missing.nextSetBit(0); r >= 0; r = missing.nextSetBit(r + 1)) {
                        values[r] = 0;
                    }
                }
                int chunk = buffer.capacity() / Double.BYTES;
                for (int from = 0; from < rows; from += chunk) {
                    int length = Math.min(chunk, rows - from);
                    buffer.clear();
                    buffer.asDoubleBuffer().put(values, from, length);
                    buffer.limit(length * Double.BYTES);
                    digest.update(buffer);
                }
            } else if (column instanceof StringColumn strings) {
                strings.dictionary().forEach(value -> putText(digest, value));
                int[] codes = strings.rawCodes();
                int chunk = buffer.capacity() / Integer.BYTES;
                for (int from = 0; from < rows; from += chunk) {
                    int length = Math.min(chunk, rows - from);
                    buffer.clear();
                    buffer.asIntBuffer().put(codes, from, length);
                    buffer.limit(length * Integer.BYTES);
                    digest.update(buffer);
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    String text = column.text(r);
                    putText(digest, text == null ? "" : text);
                }
            }
        }
        return new DatasetInfo(name, HexFormat.of().formatHex(digest.digest()), source, table.rowCount());
    }

    private static void putText(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
