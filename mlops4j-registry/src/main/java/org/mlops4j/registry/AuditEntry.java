package org.mlops4j.registry;

/**
 * One line of the registry's audit log: who did what to which model, when, and the state before
 * and after (JSON). Refused attempts are recorded too, with {@code outcome} REFUSED and the reason
 * in {@code detail}.
 */
public record AuditEntry(long id, long at, String actor, String action, Outcome outcome, String modelName,
                         Long version, String stateBefore, String stateAfter, String detail) {

    public enum Outcome { OK, REFUSED }
}
