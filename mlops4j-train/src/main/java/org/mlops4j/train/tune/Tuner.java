package org.mlops4j.train.tune;

import java.util.List;
import java.util.Map;

/**
 * Proposes the next trial's hyperparameters from the finished ones. Deterministic for a seed.
 * Not thread-safe: one tuner drives one search.
 */
public interface Tuner {
    /** The next parameters, or null when the method has nothing left to propose (a finished grid). */
    Map<String, Object> next(List<Trial> finished);

    /**
     * @param maximize whether larger scores are better (TPE needs to know which trials are good)
     */
    static Tuner create(SearchMethod method, SearchSpace space, long seed, boolean maximize) {
        return switch (method) {
            case GRID -> new GridSearch(space);
            case RANDOM -> new RandomSearch(space, seed);
            case TPE -> new TpeSearch(space, seed, maximize);
        };
    }
}
