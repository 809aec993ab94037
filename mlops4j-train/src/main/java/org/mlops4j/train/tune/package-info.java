/**
 * Hyperparameter search: {@link org.mlops4j.train.tune.SearchSpace} declares the domains
 * ({@link org.mlops4j.train.tune.ParamDomain}: a list of values, or an integer or real range,
 * optionally log-scaled); a {@link org.mlops4j.train.tune.Tuner} proposes parameters: grid, random
 * or TPE (Tree-structured Parzen Estimator, Bergstra et al. 2011), all seeded and deterministic.
 */
package org.mlops4j.train.tune;
