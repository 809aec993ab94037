package org.mlops4j.serving.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;

/** Request bodies as JSON trees. */
public final class RequestBodies {
    private RequestBodies() {
    }

    /** The body's JSON; a bad request, quoting the parser's first line, if it is not JSON. */
    public static JsonNode tree(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new MlopsException(ErrorCode.BAD_REQUEST, "Malformed JSON in request body: " + e.getMessage().split("\n")[0]);
        }
    }
}
