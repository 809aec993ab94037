package org.mlops4j.serving.route;

import org.mlops4j.serving.ModelRuntime;
import org.mlops4j.serving.validation.InputBinder;

/** A runtime with the binder for its signature, built once when the model is loaded. */
public record LoadedModel(String reference, ModelRuntime runtime, InputBinder binder) {
}
