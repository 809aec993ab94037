package org.mlops4j.tracking.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One grammar's table of entities: which prefixes ({@code metrics.}, {@code attr.}, ...) name which
 * {@link EntityRule}, and which rule a bare key (no prefix) belongs to. Immutable.
 *
 * @param search   what is searched, for messages, e.g. "run search"
 * @param prefixes lower-case prefix to rule
 * @param bare     the rule for keys written without a prefix (attributes)
 * @param shown    the entity names listed in messages, e.g. [metrics, params, tags]
 */
record EntityRules(String search, Map<String, EntityRule> prefixes, EntityRule bare, List<String> shown) {

    /** A key as written, resolved: the entity rule, the canonical key and the text to quote in messages. */
    record Key(EntityRule entity, String name, KeyRule rule, String written, Token token) {
    }

    EntityRules {
        prefixes = Map.copyOf(prefixes);
        shown = List.copyOf(shown);
    }

    static Builder builder(String search) {
        return new Builder(search);
    }

    /**
     * Reads {@code <entity>.<key>}, {@code <entity>."<key>"}, {@code <entity>.`<key>`} or a bare attribute
     * key at the cursor, which must be on an identifier token.
     */
    Key readKey(TokenCursor cursor) {
        Token token = cursor.next();
        String text = token.raw();
        int dot = text.indexOf('.');
        if (dot < 0) {
            if (prefixes.containsKey(text.toLowerCase(Locale.ROOT))) {
                throw cursor.error(token, "missing key after '" + text + "' (write " + text + ".<key>)");
            }
            return resolve(cursor, token, bare, text, text);
        }
        String prefix = text.substring(0, dot);
        EntityRule entity = prefixes.get(prefix.toLowerCase(Locale.ROOT));
        if (entity == null) {
            throw cursor.error(token, "unknown entity '" + prefix + "' for " + search + " (valid: "
                    + String.join(", ", shown) + ")");
        }
        String key = text.substring(dot + 1);
        String written = text;
        if (key.isEmpty()) {
            Token quoted = cursor.peek();
            boolean adjacent = quoted.is(Token.Type.STRING) && quoted.position() == token.end();
            if (adjacent && quoted.quote() == '\'') {
                throw cursor.error(quoted, "keys may be quoted with double quotes or backticks, not single quotes");
            }
            if (!adjacent) {
                throw cursor.error(token, "missing key after '" + text + "'");
            }
            cursor.next();
            key = quoted.value();
            written = text + quoted.raw();
            if (key.isEmpty()) {
                throw cursor.error(quoted, "empty key in '" + written + "'");
            }
        }
        return resolve(cursor, token, entity, key, written);
    }

    private Key resolve(TokenCursor cursor, Token token, EntityRule entity, String key, String written) {
        String canonical = entity.canonical(key);
        if (canonical == null) {
            throw cursor.error(token, "unknown " + entity.label() + " '" + key + "' for " + search + " (valid: "
                    + String.join(", ", entity.validKeys()) + ")");
        }
        return new Key(entity, canonical, entity.rule(canonical), written, token);
    }

    static final class Builder {
        private final String search;
        private final Map<String, EntityRule> prefixes = new LinkedHashMap<>();
        private final List<String> shown = new ArrayList<>();
        private EntityRule bare;

        private Builder(String search) {
            this.search = search;
        }

        /** Registers {@code rule} under each prefix; the first prefix is the one shown in messages. */
        Builder entity(EntityRule rule, String... names) {
            shown.add(names[0]);
            for (String name : names) {
                prefixes.put(name, rule);
            }
            return this;
        }

        /** Registers {@code rule} under each prefix and for bare keys. */
        Builder bareAndPrefixed(EntityRule rule, String... names) {
            bare = rule;
            return entity(rule, names);
        }

        EntityRules build() {
            return new EntityRules(search, prefixes, bare, shown);
        }
    }
}
