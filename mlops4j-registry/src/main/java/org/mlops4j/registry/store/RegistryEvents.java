package org.mlops4j.registry.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.mlops4j.store.outbox.Outbox;

/**
 * The registry's domain events, written to the outbox in the same transaction as the change. The
 * aggregate is the model name, so subscribers see each model's events in order.
 */
public final class RegistryEvents {
    public static final String MODEL_VERSION_CREATED = "ModelVersionCreated";
    public static final String MODEL_VERSION_DELETED = "ModelVersionDeleted";
    public static final String ALIAS_MOVED = "AliasMoved";
    public static final String ALIAS_DELETED = "AliasDeleted";
    public static final String STAGE_CHANGED = "StageChanged";
    public static final String APPROVAL_REQUESTED = "ApprovalRequested";
    public static final String APPROVAL_DECIDED = "ApprovalDecided";

    private final Outbox outbox;

    public RegistryEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    void emit(Handle h, String type, String model, Object... keyValues) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", model);
        for (int i = 0; i < keyValues.length; i += 2) {
            payload.put((String) keyValues[i], keyValues[i + 1]);
        }
        outbox.append(h, model, type, AuditTrail.json(payload));
    }
}
