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
 * is kept until its newest record expires. Batches are deleted first, in one transaction: a crash
 * before the files are deleted leaves segments that no batch names, and the next pass deletes
 * them. Segments still in the journal (being written or loaded) are never touched.
 */
public final class PayloadRetention {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadRetention.class);

    /** What one pass deleted. */
    public record Expired(long records, long batches, int segments) {
    }

    private PayloadRetention() {
    }

    static Expired expire(Database db, PayloadSegmentFiles files, long scoredBeforeMillis) {
        long[] deleted = db.write(h -> {
            long records = h.createQuery("SELECT COALESCE(SUM(records), 0) FROM payload_batches WHERE last_scored_at < ?")
                    .bind(0, scoredBeforeMillis).mapTo(Long.class).one();
            long batches = h.createUpdate("DELETE FROM payload_batches WHERE last_scored_at < ?")
                    .bind(0, scoredBeforeMillis).execute();
            return new long[] {records, batches};
        });
        int segments = 0;
        try {
            List<String> stored = files.storedSegments();
            if (!stored.isEmpty()) {
                Set<String> named = new HashSet<>(db.read(h -> h.createQuery(
                        "SELECT DISTINCT segment FROM payload_batches WHERE segment IS NOT NULL").mapTo(String.class).list()));
                for (String segment : stored) {
                    if (!named.contains(segment) && files.deleteStored(segment)) {
                        db.writeVoid(h -> h.createUpdate("DELETE FROM payload_checkpoints WHERE segment = ?")
                                .bind(0, segment).execute());
                        segments++;
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot delete expired payload segments; retrying on the next pass", e);
        }
        return new Expired(deleted[0], deleted[1], segments);
    }
}
