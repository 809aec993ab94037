package org.mlops4j.registry;

import java.util.List;
import org.mlops4j.tracking.Tag;

/** A registered model, with the newest version per stage and its aliases. */
public record RegisteredModel(String name, long creationTimestamp, long lastUpdatedTimestamp, String description,
                              List<ModelVersion> latestVersions, List<Tag> tags, List<Alias> aliases) {
    public RegisteredModel {
        latestVersions = List.copyOf(latestVersions);
        tags = List.copyOf(tags);
        aliases = List.copyOf(aliases);
    }

    public record Alias(String alias, long version) {
    }
}
