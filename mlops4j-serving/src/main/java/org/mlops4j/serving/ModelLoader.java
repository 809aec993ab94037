package org.mlops4j.serving;

/**
 * Loads a model from a reference: {@code models:/name@alias}, {@code models:/name/3}, or a bundle
 * path. Implemented where the registry and the bundle format meet; serving only asks.
 */
@FunctionalInterface
public interface ModelLoader {
    ModelRuntime load(String modelReference);
}
