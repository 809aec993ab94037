package org.mlops4j.serving.validation;

/** What to do with a categorical value outside the model's training domain. */
public enum UnknownCategoryPolicy {
    /** Refuse the request with 400 naming the field, the row and the allowed values. */
    REJECT,
    /** Pass it to the model, whose fitted pipeline encodes unknown categories (e.g. all-zero one-hot). */
    ALLOW
}
