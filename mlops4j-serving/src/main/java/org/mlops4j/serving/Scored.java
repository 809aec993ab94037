package org.mlops4j.serving;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The answer to a scoring request. The caller must wait for {@code logged} before answering its
 * client: then an answered request's payload is in the journal. It completes with false when
 * payload logging is off or the sample policy dropped the records.
 */
public record Scored(String requestId, String modelName, String modelVersion, String traffic,
                     List<Prediction> predictions, CompletableFuture<Boolean> logged) {
}
