/**
 * The feature pipeline: column selection, missing-value imputation, one-hot or ordinal encoding with
 * unknown-category handling, and standardisation. {@link org.mlops4j.train.feature.FeaturePipeline#fit}
 * learns its parameters from training rows only; the fitted pipeline is plain data (JSON) stored in
 * the model bundle, so training, serving, batch scoring and model tests transform rows identically.
 */
package org.mlops4j.train.feature;
