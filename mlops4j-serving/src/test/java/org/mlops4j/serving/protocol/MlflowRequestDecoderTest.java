package org.mlops4j.serving.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;

/** The MLflow input formats to columns; a cell that is not a single value is a 400 naming its place. */
class MlflowRequestDecoderTest {
    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyJsonFormat_givesTheSameColumns() {
        for (String body : Arrays.asList(
                "{\"dataframe_split\":{\"columns\":[\"a\",\"b\"],\"data\":[[1,\"x\"],[2.5,null]]}}",
                "{\"dataframe_records\":[{\"a\":1,\"b\":\"x\"},{\"a\":2.5}]}",
                "{\"instances\":[{\"a\":1,\"b\":\"x\"},{\"a\":2.5,\"b\":null}]}",
                "{\"inputs\":{\"a\":[1,2.5],\"b\":[\"x\",null]}}")) {
            RawColumns columns = MlflowRequestDecoder.decodeJson(json(body));
            assertThat(columns.rowCount()).as(body).isEqualTo(2);
            assertThat(columns.columns().get("a")).as(body).containsExactly(1L, 2.5);
            assertThat(columns.columns().get("b")).as(body).containsExactly("x", null);
        }
    }

    @Test
    void aCellThatIsNotASingleValue_isABadRequestNamingRowAndColumn() {
        assertBadRequest("{\"dataframe_split\":{\"columns\":[\"a\",\"b\"],\"data\":[[1,\"x\"],[2,{\"k\":1}]]}}",
                "row 1, column 'b': expected a single value, got {\"k\":1}");
        assertBadRequest("{\"dataframe_records\":[{\"a\":1},{\"a\":[1,2]}]}",
                "row 1, column 'a': expected a single value, got [1,2]");
        assertBadRequest("{\"inputs\":{\"a\":[1,[2]]}}", "row 1, column 'a': expected a single value, got [2]");
        assertBadRequest("{\"inputs\":{\"a\":{\"k\":1}}}", "column 'a': expected a single value, got {\"k\":1}");
    }

    private static void assertBadRequest(String body, String message) {
        assertThatThrownBy(() -> MlflowRequestDecoder.decodeJson(json(body)))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
