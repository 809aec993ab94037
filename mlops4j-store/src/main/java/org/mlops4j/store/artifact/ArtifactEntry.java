package org.mlops4j.store.artifact;

/** One child of an artifact directory. {@code path} is relative to the directory that was listed. */
public record ArtifactEntry(String path, boolean directory, long size) {
}
