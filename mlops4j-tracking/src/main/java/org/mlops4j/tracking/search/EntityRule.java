package org.mlops4j.tracking.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlops4j.tracking.search.Filter.Entity;

/**
 * The keys one entity accepts: either any key under one {@link KeyRule} (metrics, params, tags), or
 * a fixed set of case-insensitive keys with aliases, each with its own rule (attributes, datasets).
 *
 * @param label    singular name for messages, e.g. "metric"
 * @param names    lower-case key or alias to canonical key; empty when {@code anyKey} is set
 * @param keys     canonical key to rule; empty when {@code anyKey} is set
 * @param anyKey   the rule for every key, or null for a fixed key set
 */
record EntityRule(Entity entity, String label, Map<String, String> names, Map<String, KeyRule> keys, KeyRule anyKey) {

    EntityRule {
        names = Map.copyOf(names);
        keys = Map.copyOf(keys);
    }

    static EntityRule anyKey(Entity entity, String label, KeyRule rule) {
        return new EntityRule(entity, label, Map.of(), Map.of(), rule);
    }

    static FixedKeys fixedKeys(Entity entity, String label) {
        return new FixedKeys(entity, label);
    }

    /** The canonical key for {@code key} (as written), or null when this entity has no such key. */
    String canonical(String key) {
        return anyKey != null ? key : names.get(key.toLowerCase(Locale.ROOT));
    }

    KeyRule rule(String canonicalKey) {
        return anyKey != null ? anyKey : keys.get(canonicalKey);
    }

    List<String> validKeys() {
        return keys.keySet().stream().sorted().toList();
    }

    static final class FixedKeys {
        private final Entity entity;
        private final String label;
        private final Map<String, String> names = new LinkedHashMap<>();
        private final Map<String, KeyRule> keys = new LinkedHashMap<>();

        private FixedKeys(Entity entity, String label) {
            this.entity = entity;
            this.label = label;
        }

        FixedKeys key(String canonical, KeyRule rule, String... aliases) {
            keys.put(canonical, rule);
            names.put(canonical, canonical);
            for (String alias : aliases) {
                names.put(alias.toLowerCase(Locale.ROOT), canonical);
            }
            return this;
        }

        EntityRule build() {
            return new EntityRule(entity, label, names, keys, null);
        }
    }
}
