package org.mlops4j.registry.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.core.PageToken;
import org.mlops4j.registry.Approval;
import org.mlops4j.registry.AuditEntry;
import org.mlops4j.registry.AuditEntry.Outcome;
import org.mlops4j.registry.ModelCard;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.Sql;

/** {@link GovernanceStore} on SQLite or PostgreSQL. Thread-safe. */
public final class JdbcGovernanceStore implements GovernanceStore {
    private final Database db;
    private final Clock clock;
    private final AuditTrail audit;
    private final RegistryEvents events;
    private final JdbcRegistryStore registry;

    public JdbcGovernanceStore(Database db, Clock clock, RegistryEvents events, JdbcRegistryStore registry) {
        this.db = db;
        this.clock = clock;
        this.audit = new AuditTrail(clock);
        this.events = events;
        this.registry = registry;
    }

    @Override
    public Approval requestApproval(String name, long version, String environment, String note, String actor) {
        return db.write(h -> {
            registry.requireVersion(h, name, version);
            long id = h.createUpdate("INSERT INTO approval_requests (name, version, environment, status, requested_by, "
                            + "requested_at, request_note) VALUES (?, ?, ?, 'PENDING', ?, ?, ?)")
                    .bind(0, name).bind(1, version).bind(2, environment).bind(3, actor).bind(4, clock.millis())
                    .bind(5, note).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            Approval request = find(h, id);
            audit.append(h, actor, "request_approval", Outcome.OK, name, version, null, request, environment);
            events.emit(h, RegistryEvents.APPROVAL_REQUESTED, name, "version", version, "environment", environment,
                    "request_id", id, "requested_by", actor);
            return request;
        });
    }

    @Override
    public Approval decide(long requestId, Approval.Status decision, String note, String actor) {
        return db.write(h -> {
            Approval before = find(h, requestId);
            if (before.status() != Approval.Status.PENDING) {
                throw new MlopsException(ErrorCode.RESOURCE_CONFLICT, "Approval request %d was already decided (%s by %s)"
                        .formatted(requestId, before.status(), before.decidedBy()));
            }
            h.createUpdate("UPDATE approval_requests SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? "
                            + "WHERE id = ? AND status = 'PENDING'")
                    .bind(0, decision.name()).bind(1, actor).bind(2, clock.millis()).bind(3, note).bind(4, requestId)
                    .execute();
            Approval after = find(h, requestId);
            audit.append(h, actor, "decide_approval", Outcome.OK, after.name(), after.version(), before, after,
                    decision.name() + " for " + after.environment());
            events.emit(h, RegistryEvents.APPROVAL_DECIDED, after.name(), "version", after.version(), "environment",
                    after.environment(), "request_id", requestId, "decision", decision.name(), "decided_by", actor);
            return after;
        });
    }

    @Override
    public Approval getApproval(long requestId) {
        return db.read(h -> find(h, requestId));
    }

    private static Approval find(Handle h, long id) {
        return h.createQuery("SELECT * FROM approval_requests WHERE id = ?").bind(0, id)
                .map((rs, ctx) -> approvalRow(rs)).findOne()
                .orElseThrow(() -> MlopsException.notFound("Approval request %d not found", id));
    }

    private static Approval approvalRow(ResultSet rs) throws SQLException {
        long decidedAt = rs.getLong("decided_at");
        Long decided = rs.wasNull() ? null : decidedAt;
        return new Approval(rs.getLong("id"), rs.getString("name"), rs.getLong("version"), rs.getString("environment"),
                Approval.Status.valueOf(rs.getString("status")), rs.getString("requested_by"), rs.getLong("requested_at"),
                rs.getString("request_note"), rs.getString("decided_by"), decided, rs.getString("decision_note"));
    }

    @Override
    public List<Approval> approvals(String name, long version) {
        return db.read(h -> h.createQuery("SELECT * FROM approval_requests WHERE name = ? AND version = ? ORDER BY id")
                .bind(0, name).bind(1, version).map((rs, ctx) -> approvalRow(rs)).list());
    }

    @Override
    public ModelCard.Editable cardEdits(String name, long version) {
        return db.read(h -> h.createQuery("SELECT * FROM model_cards WHERE name = ? AND version = ?").bind(0, name)
                .bind(1, version).map((rs, ctx) -> new ModelCard.Editable(rs.getString("intended_use"),
                        rs.getString("limitations"), rs.getString("owner"), rs.getString("updated_by"),
                        rs.getLong("updated_at")))
                .findOne().orElse(ModelCard.Editable.EMPTY));
    }

    @Override
    public void updateCard(String name, long version, ModelCard.Editable edits, String actor) {
        db.writeVoid(h -> {
            registry.requireVersion(h, name, version);
            ModelCard.Editable before = h.createQuery("SELECT * FROM model_cards WHERE name = ? AND version = ?")
                    .bind(0, name).bind(1, version).map((rs, ctx) -> new ModelCard.Editable(rs.getString("intended_use"),
                            rs.getString("limitations"), rs.getString("owner"), rs.getString("updated_by"),
                            rs.getLong("updated_at"))).findOne().orElse(ModelCard.Editable.EMPTY);
            ModelCard.Editable merged = new ModelCard.Editable(
                    edits.intendedUse() != null ? edits.intendedUse() : before.intendedUse(),
                    edits.limitations() != null ? edits.limitations() : before.limitations(),
                    edits.owner() != null ? edits.owner() : before.owner(), actor, clock.millis());
            h.createUpdate("INSERT INTO model_cards (name, version, intended_use, limitations, owner, updated_by, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, version) DO UPDATE SET "
                            + "intended_use = excluded.intended_use, limitations = excluded.limitations, "
                            + "owner = excluded.owner, updated_by = excluded.updated_by, updated_at = excluded.updated_at")
                    .bind(0, name).bind(1, version).bind(2, merged.intendedUse()).bind(3, merged.limitations())
                    .bind(4, merged.owner()).bind(5, actor).bind(6, merged.updatedAt()).execute();
            audit.append(h, actor, "update_model_card", Outcome.OK, name, version, before, merged, null);
        });
    }

    @Override
    public void recordRefusal(String action, String name, Long version, String reason, String actor) {
        db.writeVoid(h -> audit.append(h, actor, action, Outcome.REFUSED, name, version, null, null, reason));
    }

    @Override
    public Page<AuditEntry> audit(String name, long fromMillis, long toMillis, int maxResults, String pageToken) {
        long offset = PageToken.offset(pageToken);
        Sql sql = new Sql().append("SELECT * FROM registry_audit WHERE at >= ? AND at <= ?", fromMillis, toMillis);
        if (name != null) {
            sql.append(" AND model_name = ?", name);
        }
        sql.append(" ORDER BY id LIMIT ? OFFSET ?", maxResults + 1, offset);
        return db.read(h -> {
            List<AuditEntry> rows = sql.query(h).map((rs, ctx) -> auditRow(rs)).list();
            boolean more = rows.size() > maxResults;
            return new Page<>(more ? rows.subList(0, maxResults) : rows,
                    more ? PageToken.forOffset(offset + maxResults) : null);
        });
    }

    private static AuditEntry auditRow(ResultSet rs) throws SQLException {
        long version = rs.getLong("version");
        Long v = rs.wasNull() ? null : version;
        return new AuditEntry(rs.getLong("id"), rs.getLong("at"), rs.getString("actor"), rs.getString("action"),
                Outcome.valueOf(rs.getString("outcome")), rs.getString("model_name"), v, rs.getString("state_before"),
                rs.getString("state_after"), rs.getString("detail"));
    }
}
