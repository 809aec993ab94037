package org.mlops4j.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.mlops4j.core.Json;
import org.mlops4j.registry.AuditEntry;

/** Appends audit rows inside the caller's transaction. Rows are never updated or deleted. */
final class AuditTrail {
    private final Clock clock;

    AuditTrail(Clock clock) {
        this.clock = clock;
    }

    void append(Handle h, String actor, String action, AuditEntry.Outcome outcome, String model, Long version,
                Object before, Object after, String detail) {
        h.createUpdate("INSERT INTO registry_audit (at, actor, action, outcome, model_name, version, state_before, "
                        + "state_after, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, clock.millis()).bind(1, actor).bind(2, action).bind(3, outcome.name()).bind(4, model)
                .bind(5, version).bind(6, json(before)).bind(7, json(after)).bind(8, detail).execute();
    }

    static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise audit state", e);
        }
    }
}
