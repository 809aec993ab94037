package org.mlops4j.train.tune;

import java.util.List;
import java.util.Map;

/** Every combination of the listed values, in order. */
final class GridSearch implements Tuner {
    private final List<Map<String, Object>> grid;

    GridSearch(SearchSpace space) {
        this.grid = space.grid();
    }

    @Override
    public Map<String, Object> next(List<Trial> finished) {
        return finished.size() < grid.size() ? grid.get(finished.size()) : null;
    }
}
