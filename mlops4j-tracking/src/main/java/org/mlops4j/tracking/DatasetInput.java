package org.mlops4j.tracking;

import java.util.List;

/** A dataset a run used, with tags such as {@code mlflow.data.context=training}. */
public record DatasetInput(List<Tag> tags, LoggedDataset dataset) {
    public static final String CONTEXT_TAG = "mlflow.data.context";

    public DatasetInput {
        tags = List.copyOf(tags);
    }
}
