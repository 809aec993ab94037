package org.mlops4j.store.artifact;

import java.net.URI;

/** Placeholder until the S3 implementation lands. */
final class S3ArtifactStore {
    private S3ArtifactStore() {
    }

    static ArtifactStore fromUri(URI uri) {
        throw new UnsupportedOperationException("S3 artifact store not implemented yet");
    }
}
