package org.mlops4j.train.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mlops4j.core.MlopsException;

/** Hyperparameter domains by parameter name (iterated in name order, so searches are reproducible). */
public record SearchSpace(Map<String, ParamDomain> domains) {
    public SearchSpace {
        if (domains.isEmpty()) {
            throw MlopsException.invalidParameter("A search space needs at least one parameter");
        }
        domains = Collections.unmodifiableMap(new TreeMap<>(domains));
    }

    /** Every combination of the choices, in a fixed order; INVALID_PARAMETER_VALUE if a domain is a range. */
    public List<Map<String, Object>> grid() {
        List<Map<String, Object>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, ParamDomain> e : domains.entrySet()) {
            if (!(e.getValue() instanceof ParamDomain.Choice choice)) {
                throw MlopsException.invalidParameter("Grid search needs a list of values for '%s', not a range",
                        e.getKey());
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : combinations) {
                for (Object value : choice.values()) {
                    Map<String, Object> extended = new LinkedHashMap<>(partial);
                    extended.put(e.getKey(), value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        return combinations;
    }
}
