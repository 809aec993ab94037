package org.mlops4j.serving.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's input as the protocol carried it, before typing: columns by name, each a list of
 * JSON scalars (String, Double/Long, Boolean or null), all of one length. Every protocol decodes to
 * this, so validation and typing happen in one place ({@code InputBinder}).
 */
public record RawColumns(Map<String, List<Object>> columns, int rowCount) {
    public RawColumns {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
}
