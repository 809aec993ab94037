package org.mlops4j.serving.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.schema.ColumnSchema;
import org.mlops4j.data.schema.Schema;
import org.mlops4j.serving.protocol.MlflowRequestDecoder;
import org.mlops4j.serving.protocol.OipRequestDecoder;
import org.mlops4j.serving.protocol.RawColumns;

class InputBinderTest {
    private static final Schema SIGNATURE = Schema.of(List.of(
            new ColumnSchema("Age", ColumnType.NUMERIC, true, null, null, null, false, null),
            new ColumnSchema("Sex", ColumnType.CATEGORICAL, true, null, null, null, null, List.of("male", "female")),
            new ColumnSchema("LoanAmount", ColumnType.NUMERIC, false, null, null, null, false, null)));

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static MlopsException failure(Runnable action) {
        try {
            action.run();
        } catch (MlopsException e) {
            return e;
        }
        throw new AssertionError("expected an MlopsException");
    }

    private final InputBinder strict = new InputBinder(SIGNATURE, UnknownCategoryPolicy.REJECT);

    @Test
    void everyMlflowFormat_bindsToTheSameTable() throws Exception {
        List<RawColumns> inputs = List.of(
                MlflowRequestDecoder.decodeJson(json("{\"dataframe_split\":{\"columns\":[\"Age\",\"Sex\",\"LoanAmount\"],"
                        + "\"data\":[[30,\"male\",1000.5],[41,\"female\",null]]}}")),
                MlflowRequestDecoder.decodeJson(json("{\"dataframe_records\":[{\"Age\":30,\"Sex\":\"male\",\"LoanAmount\":1000.5},"
                        + "{\"Sex\":\"female\",\"Age\":41}]}")),
                MlflowRequestDecoder.decodeJson(json("{\"instances\":[{\"Age\":30,\"Sex\":\"male\",\"LoanAmount\":1000.5},"
                        + "{\"Age\":41,\"Sex\":\"female\"}]}")),
                MlflowRequestDecoder.decodeJson(json("{\"inputs\":{\"Age\":[30,41],\"Sex\":[\"male\",\"female\"],"
                        + "\"LoanAmount\":[1000.5,null]},\"params\":{}}")));
        for (RawColumns input : inputs) {
            assertBound(strict.bind(input, false));
        }
        assertBound(strict.bind(MlflowRequestDecoder.decodeCsv("Age,Sex,LoanAmount\r\n30,male,1000.5\r\n41,female,\r\n"), true));
    }

    /** The binder remembers where the last input's columns were; each new order must still bind right. */
    @Test
    void columnsInAnyOrder_bindByName_oneRequestAfterAnother() {
        String[] bodies = {
            "{\"dataframe_split\":{\"columns\":[\"Age\",\"Sex\",\"LoanAmount\"],\"data\":[[30,\"male\",1000.5],[41,\"female\",null]]}}",
            "{\"dataframe_split\":{\"columns\":[\"LoanAmount\",\"Age\",\"Sex\"],\"data\":[[1000.5,30,\"male\"],[null,41,\"female\"]]}}",
            "{\"dataframe_split\":{\"columns\":[\"Sex\",\"Age\"],\"data\":[[\"male\",30],[\"female\",41]]}}",
            "{\"dataframe_split\":{\"columns\":[\"Extra\",\"Sex\",\"LoanAmount\",\"Age\"],\"data\":[[1,\"male\",1000.5,30],[2,\"female\",null,41]]}}",
            "{\"dataframe_split\":{\"columns\":[\"Age\",\"Sex\",\"LoanAmount\"],\"data\":[[30,\"male\",1000.5],[41,\"female\",null]]}}",
        };
        for (int round = 0; round < 2; round++) {
            for (String body : bodies) {
                RawColumns input = MlflowRequestDecoder.decodeJson(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                Table table = strict.bind(input, false);
                assertThat(table.columnNames()).as(body).containsExactly("Age", "Sex", "LoanAmount");
                assertThat(((NumericColumn) table.column("Age")).value(1)).as(body).isEqualTo(41);
                assertThat(((StringColumn) table.column("Sex")).text(0)).as(body).isEqualTo("male");
                assertThat(table.column("LoanAmount").isMissing(1)).as(body).isTrue();
                assertThat(table.column("LoanAmount").isMissing(0)).as(body).isEqualTo(!body.contains("1000.5"));
            }
        }
        assertThat(failure(() -> strict.bind(MlflowRequestDecoder.decodeJson(
                "{\"dataframe_split\":{\"columns\":[\"Sex\",\"LoanAmount\"],\"data\":[[\"male\",1]]}}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)), false)).getMessage())
                .contains("missing column 'Age'");
    }

    /** The decoder's last names and the binder's remembered positions are shared: threads with other columns must not mix. */
    @Test
    void threadsWithColumnsInOtherOrders_eachBindTheirOwnValues() throws Exception {
        String[] orders = {"\"Age\",\"Sex\",\"LoanAmount\"", "\"LoanAmount\",\"Age\",\"Sex\"", "\"Sex\",\"Age\""};
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(orders.length);
        try {
            List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
            for (int t = 0; t < orders.length; t++) {
                int order = t;
                running.add(threads.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        int age = order * 100_000 + i;
                        String row = switch (order) {
                            case 0 -> age + ",\"male\"," + (age + 0.5);
                            case 1 -> (age + 0.5) + "," + age + ",\"male\"";
                            default -> "\"male\"," + age;
                        };
                        byte[] body = ("{\"dataframe_split\":{\"columns\":[" + orders[order] + "],\"data\":[[" + row + "]]}}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        Table table = strict.bind(MlflowRequestDecoder.decodeJson(body), false);
                        assertThat(((NumericColumn) table.column("Age")).value(0)).isEqualTo(age);
                        assertThat(table.column("LoanAmount").isMissing(0)).isEqualTo(order == 2);
                        if (order != 2) {
                            assertThat(((NumericColumn) table.column("LoanAmount")).value(0)).isEqualTo(age + 0.5);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> thread : running) {
                thread.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assertBound(Table table) {
        assertThat(table.columnNames()).containsExactly("Age", "Sex", "LoanAmount");
        assertThat(((NumericColumn) table.column("Age")).value(1)).isEqualTo(41);
        assertThat(((StringColumn) table.column("Sex")).text(0)).isEqualTo("male");
        assertThat(table.column("LoanAmount").isMissing(1)).isTrue();
        assertThat(((NumericColumn) table.column("LoanAmount")).value(0)).isEqualTo(1000.5);
    }

    @Test
    void oipColumnarAndTensorInputs_bind() throws Exception {
        RawColumns columnar = OipRequestDecoder.decode(json("{\"id\":\"7\",\"parameters\":{\"content_type\":\"pd\"},\"inputs\":["
                + "{\"name\":\"Age\",\"datatype\":\"INT32\",\"shape\":[2],\"data\":[30,41]},"
                + "{\"name\":\"Sex\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"male\",\"female\"]},"
                + "{\"name\":\"LoanAmount\",\"datatype\":\"FP64\",\"shape\":[2,1],\"data\":[[1000.5],[null]]}]}"), List.of());
        assertBound(strict.bind(columnar, false));
        Schema numeric = Schema.of(List.of(new ColumnSchema("a", ColumnType.NUMERIC, true, null, null, null, false, null),
                new ColumnSchema("b", ColumnType.NUMERIC, true, null, null, null, false, null)));
        RawColumns tensor = OipRequestDecoder.decode(json("{\"inputs\":[{\"name\":\"input-0\",\"datatype\":\"FP32\","
                + "\"shape\":[2,2],\"data\":[[1,2],[3,4]]}]}"), List.of("a", "b"));
        Table table = new InputBinder(numeric, UnknownCategoryPolicy.REJECT).bind(tensor, false);
        assertThat(((NumericColumn) table.column("b")).value(1)).isEqualTo(4);
    }

    @Test
    void badValues_areNamedByFieldAndRow_together() throws Exception {
        RawColumns input = MlflowRequestDecoder.decodeJson(json("{\"dataframe_records\":[{\"Age\":\"thirty\",\"Sex\":\"male\"},"
                + "{\"Age\":41,\"Sex\":\"other\"},{\"Sex\":\"female\"},{\"Age\":5,\"Sex\":7}]}"));
        MlopsException e = failure(() -> strict.bind(input, false));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(e.getMessage())
                .contains("field 'Age', row 0: expected a number, got \"thirty\"")
                .contains("field 'Sex', row 1: unknown category \"other\"; allowed: [male, female]")
                .contains("field 'Age', row 2: a value is required")
                .contains("field 'Sex', row 3: expected a string, got 7");
    }

    @Test
    void unknownCategory_passesWhenPolicyAllows_andNanIsRefusedWhereNotAllowed() throws Exception {
        RawColumns other = MlflowRequestDecoder.decodeJson(json("{\"dataframe_records\":[{\"Age\":41,\"Sex\":\"other\"}]}"));
        assertThat(new InputBinder(SIGNATURE, UnknownCategoryPolicy.ALLOW).bind(other, false).column("Sex").text(0))
                .isEqualTo("other");
        RawColumns nan = MlflowRequestDecoder.decodeJson(json("{\"dataframe_records\":[{\"Age\":NaN,\"Sex\":\"male\"}]}"));
        assertThat(failure(() -> strict.bind(nan, false)).getMessage()).contains("field 'Age', row 0: NaN");
        RawColumns missingColumn = MlflowRequestDecoder.decodeJson(json("{\"dataframe_records\":[{\"Age\":41}]}"));
        assertThat(failure(() -> strict.bind(missingColumn, false)).getMessage()).contains("missing column 'Sex'");
    }

    @Test
    void malformedEnvelopes_areBadRequests() {
        for (String body : List.of("[1,2]", "{}", "{\"dataframe_split\":{},\"instances\":[]}", "{\"dataframe_split\":{\"columns\":[\"a\"],"
                + "\"data\":[[1,2]]}}", "{\"dataframe_records\":[1]}", "{\"inputs\":{\"a\":[1],\"b\":[1,2]}}",
                "{\"dataframe_records\":[{\"a\":{\"nested\":1}}]}")) {
            assertThatThrownBy(() -> MlflowRequestDecoder.decodeJson(json(body))).as(body)
                    .isInstanceOf(MlopsException.class)
                    .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        assertThatThrownBy(() -> MlflowRequestDecoder.decodeCsv("a,b\n1,2,3\n")).hasMessageContaining("line 2");
        for (String body : List.of("{\"inputs\":[]}", "{\"inputs\":[{\"name\":\"x\"}]}",
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[3],\"data\":[1,2]}]}",
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[\"a\",\"b\"]}]}",
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"COMPLEX\",\"shape\":[1,2],\"data\":[1,2]}]}",
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[1,2,3]}]}")) {
            assertThatThrownBy(() -> OipRequestDecoder.decode(json(body), List.of("a", "b"))).as(body)
                    .isInstanceOf(MlopsException.class);
        }
        assertThat(failure(() -> strict.bind(RawColumns.of(java.util.Map.of(), 0), false)).getMessage()).contains("no rows");
    }
}
