package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void at_isAVersion7Uuid_carryingItsMillisecond() {
        long millis = 1_764_000_000_123L;
        UUID id = RequestIds.at(millis);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    @Test
    void ids_sortByTheirMillisecond_asText() {
        List<String> ids = new ArrayList<>();
        for (long millis = 1_764_000_000_000L; millis < 1_764_000_000_000L + 5_000; millis += 7) {
            ids.add(RequestIds.at(millis).toString());
        }
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertThat(sorted).isEqualTo(ids);
    }

    @Test
    void ids_ofOneMillisecond_acrossThreads_areDistinct() throws Exception {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        seen.add(RequestIds.at(1_764_000_000_000L));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(200_000);
    }
}
