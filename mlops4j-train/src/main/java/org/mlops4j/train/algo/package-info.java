/**
 * Algorithms, all from XGBoost4J: gradient-boosted trees, random forests ({@code num_parallel_tree})
 * and linear models (the {@code gblinear} booster with coordinate descent: logistic regression and
 * elastic-net regression with scikit-learn's parameterisation). {@link org.mlops4j.train.algo.Algorithm}
 * declares each algorithm's parameters with defaults and ranges; unknown or out-of-range
 * parameters are rejected before anything runs.
 */
package org.mlops4j.train.algo;
