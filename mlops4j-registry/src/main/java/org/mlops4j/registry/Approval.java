package org.mlops4j.registry;

/** A request that a version be allowed into an environment, and the decision on it. */
public record Approval(long id, String name, long version, String environment, Status status, String requestedBy,
                       long requestedAt, String requestNote, String decidedBy, Long decidedAt, String decisionNote) {

    public enum Status { PENDING, APPROVED, REJECTED }
}
