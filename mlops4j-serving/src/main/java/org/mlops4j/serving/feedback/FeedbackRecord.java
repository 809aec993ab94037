package org.mlops4j.serving.feedback;

/**
 * A true outcome for a scored row. Either it points at the scored row ({@code requestId},
 * {@code rowIndex}) or it carries the features itself (JSON), as labelled samples arriving later do.
 */
public record FeedbackRecord(String endpoint, String requestId, Integer rowIndex, String features, String label,
                             long receivedAt) {
}
