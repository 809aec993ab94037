package org.mlops4j.store.artifact;

import java.net.URI;
import java.nio.file.Path;
import org.mlops4j.core.MlopsException;

/** Opens the artifact store named by a URI: a local path, {@code file:///dir}, or {@code s3://bucket/prefix}. */
public final class ArtifactStores {
    /** Artifact URIs under this scheme live in the server's own artifact store (MLflow's proxy scheme). */
    public static final String PROXY_SCHEME = "mlflow-artifacts:";

    private ArtifactStores() {
    }

    /** The store path of a {@code mlflow-artifacts:/...} URI; empty for URIs the server does not hold. */
    public static java.util.Optional<ArtifactPath> proxiedPath(String artifactUri) {
        if (artifactUri == null || !artifactUri.startsWith(PROXY_SCHEME)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(ArtifactPath.of(artifactUri.substring(PROXY_SCHEME.length()).replaceFirst("^/+", "")));
    }

    public static ArtifactStore open(String uri) {
        if (uri == null || uri.isBlank()) {
            throw MlopsException.invalidParameter("artifact destination is empty");
        }
        if (uri.startsWith("s3://")) {
            return S3ArtifactStore.fromUri(URI.create(uri));
        }
        if (uri.startsWith("file:")) {
            return new LocalArtifactStore(Path.of(URI.create(uri)));
        }
        if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw MlopsException.invalidParameter("unsupported artifact destination '%s': use a directory, file:///dir "
                    + "or s3://bucket/prefix", uri);
        }
        return new LocalArtifactStore(Path.of(uri));
    }
}
