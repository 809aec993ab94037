package org.mlops4j.train.bundle;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mlops4j.core.Json;

/**
 * Canonical JSON: object keys sorted, non-finite numbers written as null, two-space indentation with
 * '\n' line ends and a final newline, UTF-8. Equal trees give equal bytes on every platform.
 */
public final class CanonicalJson {
    private static final ObjectWriter WRITER = Json.mapper().writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return (WRITER.writeValueAsString(canonical(node)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy with object keys sorted and non-finite numbers replaced by null. */
    public static JsonNode canonical(JsonNode node) {
        if (node == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            for (String name : names) {
                out.set(name, canonical(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(canonical(item)));
            return out;
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return JsonNodeFactory.instance.nullNode();
        }
        return node;
    }
}
