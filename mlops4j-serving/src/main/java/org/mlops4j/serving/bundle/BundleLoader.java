package org.mlops4j.serving.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.registry.ModelVersion;
import org.mlops4j.registry.RegistryService;
import org.mlops4j.serving.ModelLoader;
import org.mlops4j.serving.ModelRuntime;
import org.mlops4j.store.artifact.ArtifactPath;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.train.bundle.ModelBundle;
import org.mlops4j.train.predict.Predictor;

/**
 * Loads model bundles: {@code models:/...} references through the registry (any form it resolves)
 * from the server's artifact store, or a bundle directory on disk. Reading a bundle never runs code
 * from it (JSON and the library's own model format only). Thread-safe.
 */
public final class BundleLoader implements ModelLoader {
    private final RegistryService registry;
    private final ArtifactStore artifacts;

    public BundleLoader(RegistryService registry, ArtifactStore artifacts) {
        this.registry = registry;
        this.artifacts = artifacts;
    }

    @Override
    public ModelRuntime load(String reference) {
        if (reference.startsWith("models:/")) {
            ModelVersion version = registry.resolve(reference);
            ArtifactPath path = ArtifactStores.proxiedPath(version.storageLocation()).orElseThrow(() ->
                    new MlopsException(ErrorCode.INVALID_PARAMETER_VALUE, "Version %d of '%s' is stored at %s, which this "
                            .formatted(version.version(), version.name(), version.storageLocation())
                            + "server's artifact store does not hold"));
            ModelBundle bundle = ModelBundle.read(artifacts, path);
            return new BundleRuntime(version.name(), Long.toString(version.version()), Predictor.of(bundle));
        }
        Path dir = Path.of(reference.startsWith("file:") ? java.net.URI.create(reference).getPath() : reference);
        if (!Files.isDirectory(dir)) {
            throw MlopsException.notFound("No model bundle at '%s': give models:/name@alias, models:/name/<version> "
                    + "or a bundle directory", reference);
        }
        ModelBundle bundle = ModelBundle.read(dir);
        // A bundle outside the registry is named after its directory and versioned by its digest.
        return new BundleRuntime(dir.toAbsolutePath().normalize().getFileName().toString(), bundle.digest().substring(0, 12),
                Predictor.of(bundle));
    }
}
