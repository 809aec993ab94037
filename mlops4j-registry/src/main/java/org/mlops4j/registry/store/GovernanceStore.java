package org.mlops4j.registry.store;

import java.util.List;
import org.mlops4j.core.Page;
import org.mlops4j.registry.Approval;
import org.mlops4j.registry.AuditEntry;
import org.mlops4j.registry.ModelCard;

/** Persistence of approvals, model-card edits and the audit log. Thread-safe. */
public interface GovernanceStore {

    Approval requestApproval(String name, long version, String environment, String note, String actor);

    /** Records a decision on a pending request. */
    Approval decide(long requestId, Approval.Status decision, String note, String actor);

    Approval getApproval(long requestId);

    /** Every request for a version, oldest first. */
    List<Approval> approvals(String name, long version);

    ModelCard.Editable cardEdits(String name, long version);

    void updateCard(String name, long version, ModelCard.Editable edits, String actor);

    /** Records an attempt that was refused (its own transaction: the attempt's was rolled back). */
    void recordRefusal(String action, String name, Long version, String reason, String actor);

    /** Audit entries, oldest first; {@code name} null for every model; times in epoch ms, inclusive. */
    Page<AuditEntry> audit(String name, long fromMillis, long toMillis, int maxResults, String pageToken);
}
