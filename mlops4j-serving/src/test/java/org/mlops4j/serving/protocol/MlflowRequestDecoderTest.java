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
            assertThat(columns.column("a")).as(body).containsExactly(1L, 2.5);
            assertThat(columns.column("b")).as(body).containsExactly("x", null);
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

    @Test
    void theUsualSplitBody_isReadFromTokens_andEveryBody_decodesAsItsTreeDoes() {
        String usual = "{\"dataframe_split\":{\"columns\":[\"a\",\"b\",\"c\"],\"index\":[7,8],"
                + "\"data\":[[1,\"x\",true],[2.5,null,NaN]]},\"params\":{\"k\":[1]}}";
        assertThat(MlflowRequestDecoder.streamedSplit(bytes(usual))).as("read from tokens").isNotNull();
        for (String body : Arrays.asList(usual,
                "{\"params\":{},\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[[-9223372036854775808],[1e400],[-0.0],[0.1],[1.2345678901234567]]}}",
                "{\"dataframe_split\":{\"columns\":[],\"data\":[]}}",
                // the last names are reused: the same, fewer, more, then a repeat among them
                "{\"dataframe_split\":{\"columns\":[\"a\",\"b\",\"c\"],\"data\":[[1,2,3]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\",\"b\",\"c\"],\"data\":[[4,5,6]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\",\"b\"],\"data\":[[1,2]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\",\"b\",\"bc\",\"d\"],\"data\":[[1,2,3,4]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\",\"a\"],\"data\":[[1,2]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\",\"b\",\"c\",\"a\"],\"data\":[[1,2,3,4]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[[1]]}} trailing",
                // each of these leaves the tokens for the tree, which answers or names the fault
                "{\"dataframe_split\":{\"data\":[[1]],\"columns\":[\"a\"]}}",
                "{\"dataframe_split\":{\"columns\":[1,\"b\"],\"data\":[[1,2]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[[99999999999999999999]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[[1]]},\"dataframe_split\":{\"columns\":[\"b\"],\"data\":[[2]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\",\"a\"],\"data\":[[1,2]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\",\"b\"],\"data\":[[1,2],[3]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[[1,2]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[[{\"k\":1}]]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[7]}}",
                "{\"dataframe_split\":{\"columns\":[\"a\"]}}",
                "{\"dataframe_split\":[1],\"inputs\":{}}",
                "{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[[1]]},\"instances\":[]}",
                "{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[[1]",
                "{\"instances\":[{\"a\":1}]}", "[1]", "", "nonsense")) {
            assertThat(outcome(() -> MlflowRequestDecoder.decodeJson(bytes(body)))).as(body)
                    .isEqualTo(outcome(() -> MlflowRequestDecoder.decodeJson(RequestBodies.tree(bytes(body)))));
        }
        assertThat(MlflowRequestDecoder.decodeJson(bytes(usual)).column("c")).containsExactly(true, Double.NaN);
    }

    /** The columns, or the error's code and message. */
    private static Object outcome(java.util.function.Supplier<RawColumns> decode) {
        try {
            return decode.get();
        } catch (MlopsException e) {
            return e.code() + ": " + e.getMessage();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void assertBadRequest(String body, String message) {
        assertThatThrownBy(() -> MlflowRequestDecoder.decodeJson(json(body)))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
