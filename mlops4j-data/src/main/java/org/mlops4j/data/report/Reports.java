package org.mlops4j.data.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.mlops4j.core.Json;

/** JSON renderings of result records (statistics, schemas, validation reports, drift). */
public final class Reports {
    private Reports() {
    }

    /** Pretty-printed JSON of any result record. */
    public static String json(Object result) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + result.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
