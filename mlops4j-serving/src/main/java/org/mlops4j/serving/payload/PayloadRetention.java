package org.mlops4j.serving.payload;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mlops4j.store.jdbc.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes payloads scored before a cutoff: their batches, then every stored segment no batch names
 * any more. A segment goes only when all of its batches have, so a segment that spans the cutoff
 * is kept until its newest record expires. Batches are deleted first: a crash before the files
 * are deleted leaves segments that no batch names, and the next pass deletes them. Segments still in the journal (being written or loaded) are never touched. Batches go a
 * thousand at a time, oldest first, each chunk under the loader's lock: a first pass over a large
 * store does not hold loads up (and, with a full queue under the block policy, scoring) for long.
 */
public final class PayloadRetention {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadRetention.class);

    /** What one pass deleted. */
    public record Expired(long records, long batches, int segments) {
    }

    private PayloadRetention() {
    }

    /** Batches deleted per transaction. */
    static final int CHUNK = 1000;
    // Oldest first: ids follow load order, so a scan in id order finds the expired batches first.
    private static final String EXPIRED_CHUNK = "SELECT id FROM payload_batches WHERE last_scored_at < ? ORDER BY id LIMIT "
            + CHUNK;

    /** Deletes under {@code loadLock}, the lock loads hold, a chunk at a time. */
    static Expired expire(Database db, PayloadSegmentFiles files, long scoredBeforeMillis, Object loadLock) {
        long records = 0;
        long batches = 0;
        while (true) {
            long[] chunk;
            synchronized (loadLock) {
                chunk = db.write(h -> new long[] {
                    h.createQuery("SELECT COALESCE(SUM(records), 0) FROM payload_batches WHERE id IN (" + EXPIRED_CHUNK + ")")
                            .bind(0, scoredBeforeMillis).mapTo(Long.class).one(),
                    h.createUpdate("DELETE FROM payload_batches WHERE id IN (" + EXPIRED_CHUNK + ")")
                            .bind(0, scoredBeforeMillis).execute()});
            }
            records += chunk[0];
            batches += chunk[1];
            if (chunk[1] < CHUNK) {
                break;
            }
        }
        synchronized (loadLock) {
            return new Expired(records, batches, deleteUnnamedSegments(db, files));
        }
    }

    /** One segment that cannot be deleted (a file system error) is left for the next pass, not the others. */
    private static int deleteUnnamedSegments(Database db, PayloadSegmentFiles files) {
        List<String> stored;
        try {
            stored = files.storedSegments();
        } catch (IOException e) {
            LOG.warn("cannot list the stored payload segments; expired ones are deleted on the next pass", e);
            return 0;
        }
        if (stored.isEmpty()) {
            return 0;
        }
        Set<String> named = new HashSet<>(db.read(h -> h.createQuery(
                "SELECT DISTINCT segment FROM payload_batches WHERE segment IS NOT NULL").mapTo(String.class).list()));
        int segments = 0;
        for (String segment : stored.stream().sorted().toList()) { // oldest first
            if (named.contains(segment)) {
                continue;
            }
            try {
                if (files.deleteStored(segment)) {
                    db.writeVoid(h -> h.createUpdate("DELETE FROM payload_checkpoints WHERE segment = ?")
                            .bind(0, segment).execute());
                    segments++;
                }
            } catch (IOException e) {
                LOG.warn("cannot delete expired payload segment {}; retrying on the next pass", segment, e);
            }
        }
        return segments;
    }
}
