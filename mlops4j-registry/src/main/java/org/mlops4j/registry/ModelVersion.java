package org.mlops4j.registry;

import java.util.List;
import org.mlops4j.tracking.Tag;

/**
 * One version of a registered model. {@code source} is what the caller registered (e.g.
 * {@code runs:/<id>/model}); {@code storageLocation} is where its files are (an artifact URI).
 */
public record ModelVersion(String name, long version, long creationTimestamp, long lastUpdatedTimestamp,
                           String description, String userId, ModelStage currentStage, String source,
                           String storageLocation, String runId, String runLink, String status, String statusMessage,
                           List<Tag> tags, List<String> aliases) {
    public ModelVersion {
        tags = List.copyOf(tags);
        aliases = List.copyOf(aliases);
    }
}
