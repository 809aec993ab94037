package org.mlops4j.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.Table;

class JsonReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path;
    }

    @Test
    void records_takeTheUnionOfKeysAndMissingKeysAreMissing() throws Exception {
        Table t = TableReader.read(file("r.json", "[{\"a\": 1, \"b\": \"x\"}, {\"b\": \"y\", \"c\": true}, {\"a\": null}]"));
        assertThat(t.columnNames()).containsExactly("a", "b", "c");
        assertThat(t.rowCount()).isEqualTo(3);
        assertThat(t.column("a").type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(t.column("a").missingCount()).isEqualTo(2);
        assertThat(t.column("c").type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(t.column("b").text(2)).isNull();
    }

    @Test
    void records_keepNumericLookingStringsAsStrings() throws Exception {
        Table t = TableReader.read(file("s.json", "[{\"zip\": \"01234\"}, {\"zip\": \"98765\"}]"));
        assertThat(t.column("zip").type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(t.column("zip").text(0)).isEqualTo("01234");
    }

    @Test
    void fieldsValuesPayload_andDataframeSplit_areRead() throws Exception {
        Table payload = TableReader.read(file("p.json", "{\"fields\": [\"a\", \"b\"], \"values\": [[1, \"x\"], [2, null]]}"));
        assertThat(payload.columnNames()).containsExactly("a", "b");
        assertThat(((NumericColumn) payload.column("a")).value(1)).isEqualTo(2);
        assertThat(payload.column("b").isMissing(1)).isTrue();
        Table split = TableReader.read(file("split.json",
                "{\"dataframe_split\": {\"columns\": [\"a\"], \"data\": [[1.5], [2.5]]}}"));
        assertThat(split.rowCount()).isEqualTo(2);
        assertThat(((NumericColumn) split.column("a")).value(0)).isEqualTo(1.5);
        Table records = TableReader.read(file("recs.json", "{\"dataframe_records\": [{\"a\": 1}, {\"a\": 2}]}"));
        assertThat(records.rowCount()).isEqualTo(2);
    }

    @Test
    void jsonLines_areRead() throws Exception {
        Table t = TableReader.read(file("l.jsonl", "{\"a\": 1}\n{\"a\": 2, \"b\": \"z\"}\n"));
        assertThat(t.rowCount()).isEqualTo(2);
        assertThat(t.columnNames()).containsExactly("a", "b");
    }

    @Test
    void streaming_recordsWhoseKeysAppearLate_giveEveryChunkEveryColumn() throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            json.append(i == 0 ? "" : ",").append("{\"a\": ").append(i).append(i >= 90 ? ", \"late\": \"x\"" : "").append('}');
        }
        Path path = file("late.json", json.append(']').toString());
        java.util.List<Table> chunks = new java.util.ArrayList<>();
        TableReader.stream(path, ReadOptions.defaults(), 40, chunks::add);
        assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(c.columnNames()).containsExactly("a", "late"));
        assertThat(chunks.get(0).column("late").missingCount()).isEqualTo(40);
        assertThat(chunks.get(2).column("late").missingCount()).isEqualTo(10);
    }

    @Test
    void payloadRowOfWrongWidth_namesFileAndLine() throws Exception {
        Path path = file("w.json", "{\"fields\": [\"a\", \"b\"],\n \"values\": [[1, 2],\n [3]]}");
        assertThatThrownBy(() -> TableReader.read(path)).isInstanceOf(MlopsException.class)
                .hasMessage("w.json: line 3: row 2 has 1 values but there are 2 fields");
    }

    @Test
    void truncatedJson_namesFileLineAndColumn() throws Exception {
        Path path = file("t.json", "[{\"a\": 1},\n {\"a\": ");
        assertThatThrownBy(() -> TableReader.read(path)).isInstanceOf(MlopsException.class)
                .hasMessageStartingWith("t.json: line 2, column ").hasMessageContaining("malformed JSON");
    }

    @Test
    void nestedValues_areRefusedNamingTheKey() throws Exception {
        Path path = file("n.json", "[{\"a\": {\"b\": 1}}]");
        assertThatThrownBy(() -> TableReader.read(path))
                .hasMessage("n.json: line 1, column 8: the value of 'a' is a nested START_OBJECT; only scalar values are supported");
    }
}
