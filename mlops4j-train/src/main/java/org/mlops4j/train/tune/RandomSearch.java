package org.mlops4j.train.tune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Independent uniform draws from each domain (log-uniform for log ranges). */
final class RandomSearch implements Tuner {
    private final SearchSpace space;
    private final SplittableRandom random;

    RandomSearch(SearchSpace space, long seed) {
        this.space = space;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Map<String, Object> next(List<Trial> finished) {
        return sample(space, random);
    }

    static Map<String, Object> sample(SearchSpace space, SplittableRandom random) {
        Map<String, Object> params = new LinkedHashMap<>();
        space.domains().forEach((name, domain) -> params.put(name, switch (domain) {
            case ParamDomain.Choice c -> c.values().get(random.nextInt(c.values().size()));
            case ParamDomain.Range r -> r.fromInternal(r.internalLow()
                    + random.nextDouble() * (r.internalHigh() - r.internalLow()));
        }));
        return params;
    }
}
