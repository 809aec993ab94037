package org.mlops4j.serving;

import java.util.List;
import org.mlops4j.data.Table;
import org.mlops4j.data.schema.Schema;

/**
 * A loaded model, ready to score: the whole contract between serving and the model libraries (as
 * MLServer's MLModel). Implementations are immutable and thread-safe: many requests call
 * {@link #predict} at once.
 */
public interface ModelRuntime {

    /** The registered model's name, or the bundle's name for a model served from a path. */
    String modelName();

    /** The registered version, or the bundle digest for a model served from a path. */
    String modelVersion();

    /** The input columns the model takes, with their types and domains. */
    Schema signature();

    /** One prediction per input row, in order. {@code explain} asks for per-feature contributions. */
    List<Prediction> predict(Table input, boolean explain);
}
