package org.mlops4j.data;

import java.time.Instant;
import java.util.BitSet;

/** A timestamp column: epoch milliseconds (UTC) plus a missing bitmap. */
public final class TimestampColumn implements Column {
    private final String name;
    private final long[] epochMillis;
    private final BitSet missing;
    private final int missingCount;

    /** @param epochMillis taken as is (not copied) */
    public TimestampColumn(String name, long[] epochMillis, BitSet missing) {
        Missing.checkName(name);
        this.name = name;
        this.epochMillis = epochMillis;
        this.missing = Missing.normalise(missing, epochMillis.length);
        this.missingCount = this.missing == null ? 0 : this.missing.cardinality();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.TIMESTAMP;
    }

    @Override
    public int size() {
        return epochMillis.length;
    }

    @Override
    public boolean isMissing(int row) {
        return missing != null && missing.get(row);
    }

    @Override
    public int missingCount() {
        return missingCount;
    }

    public long epochMillis(int row) {
        return epochMillis[row];
    }

    @Override
    public String text(int row) {
        return isMissing(row) ? null : Instant.ofEpochMilli(epochMillis[row]).toString();
    }

    @Override
    public TimestampColumn rename(String newName) {
        return new TimestampColumn(newName, epochMillis, missing);
    }
}
