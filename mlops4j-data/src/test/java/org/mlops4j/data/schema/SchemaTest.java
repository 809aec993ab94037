package org.mlops4j.data.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.TestData;
import org.mlops4j.data.io.TableReader;
import org.mlops4j.data.stats.Statistics;

class SchemaTest {
    @Test
    void infer_onGermanCredit_givesTypesRequiredRangesAndDomains() {
        Schema schema = SchemaInference.infer(Statistics.of(TableReader.read(TestData.TRAINING)));
        assertThat(schema.columns()).hasSize(21);
        ColumnSchema age = schema.column("Age").orElseThrow();
        assertThat(age.type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(age.required()).isTrue();
        assertThat(age.min()).isEqualTo(19.0);
        assertThat(age.max()).isEqualTo(74.0);
        assertThat(age.nanAllowed()).isFalse();
        ColumnSchema sex = schema.column("Sex").orElseThrow();
        assertThat(sex.domain()).containsExactly("female", "male");
        assertThat(schema.column("LoanPurpose").orElseThrow().domain()).contains("vacation", "car_new").hasSize(11);
        assertThat(schema.rows()).isNull();
    }

    @Test
    void infer_optionalColumnsAndLargeDomains() {
        String[] many = new String[150];
        for (int i = 0; i < many.length; i++) {
            many[i] = "v" + i;
        }
        Table table = Table.of(StringColumn.categorical("c", many),
                new NumericColumn("x", new double[150], java.util.BitSet.valueOf(new long[] {1})));
        Schema schema = SchemaInference.infer(Statistics.of(table));
        assertThat(schema.column("c").orElseThrow().domain()).isNull();
        assertThat(schema.column("x").orElseThrow().required()).isFalse();
    }

    @Test
    void json_roundTripsAndIsEditable() {
        Schema schema = SchemaInference.infer(Statistics.of(TableReader.read(TestData.TRAINING)));
        String json = schema.toJson();
        assertThat(json).contains("\"formatVersion\" : 1").contains("\"domain\" : [ \"female\", \"male\" ]");
        assertThat(Schema.fromJson(json)).isEqualTo(schema);
        String edited = json.replace("\"female\", \"male\"", "\"female\", \"male\", \"diverse\"");
        assertThat(Schema.fromJson(edited).column("Sex").orElseThrow().domain()).containsExactly("female", "male", "diverse");
        Schema widened = schema.with(schema.column("Age").orElseThrow().withRange(18.0, 100.0))
                .withRows(new RowCountRange(1000L, null));
        assertThat(Schema.fromJson(widened.toJson())).isEqualTo(widened);
    }

    @Test
    void fromJson_badInput_isInvalidParameterWithPosition() {
        assertThatThrownBy(() -> Schema.fromJson("{\"formatVersion\": 1, \"columns\": [ {\"name\": \"a\", \"type\": \"NUMBER\"} ]}"))
                .isInstanceOf(MlopsException.class).hasMessageContaining("Not a valid schema").hasMessageContaining("NUMBER");
        assertThatThrownBy(() -> Schema.fromJson("{\"formatVersion\": 2, \"columns\": []}"))
                .hasMessage("Unsupported schema formatVersion 2 (expected 1)");
        assertThatThrownBy(() -> Schema.of(List.of(new ColumnSchema("a", ColumnType.NUMERIC, true, null, null, null, null, null),
                new ColumnSchema("a", ColumnType.NUMERIC, true, null, null, null, null, null))))
                .hasMessage("Schema lists column 'a' twice");
    }
}
