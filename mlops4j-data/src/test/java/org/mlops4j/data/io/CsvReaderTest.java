package org.mlops4j.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.TimestampColumn;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path;
    }

    private Path bytes(String name, byte[] content) throws Exception {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    @Test
    void read_detectsSemicolonTabAndPipeDelimiters() throws Exception {
        for (String d : new String[] {";", "\t", "|"}) {
            Table t = TableReader.read(file("d.csv", "a" + d + "b\n1" + d + "x\n2" + d + "y\n"));
            assertThat(t.columnNames()).as("delimiter %s", d).containsExactly("a", "b");
            assertThat(t.column("b").text(1)).isEqualTo("y");
        }
    }

    @Test
    void read_withDelimiterOption_overridesDetection() throws Exception {
        Path path = file("d.csv", "a;b,c\n1;2,3\n");
        assertThat(TableReader.read(path).columnNames()).containsExactly("a;b", "c");
        assertThat(TableReader.read(path, ReadOptions.defaults().withDelimiter(';')).columnNames())
                .containsExactly("a", "b,c");
    }

    @Test
    void read_handlesBomCrlfQuotedFieldsAndNoFinalNewline() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "\"name\",\"note\"\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\nDoe,\"two\r\nlines\"".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        Table t = TableReader.read(bytes("q.csv", all));
        assertThat(t.columnNames()).containsExactly("name", "note");
        assertThat(t.column("name").text(0)).isEqualTo("Smith, J");
        assertThat(t.column("note").text(0)).isEqualTo("said \"hi\"");
        assertThat(t.column("note").text(1)).isEqualTo("two\r\nlines");
        assertThat(t.rowCount()).isEqualTo(2);
    }

    @Test
    void read_treatsQuestionMarksEmptyCellsAndNaMarkersAsMissing() throws Exception {
        Table t = TableReader.read(file("m.csv", "x,c\n1,a\n?,\n,b\nNA,?\n5,a\n"));
        assertThat(t.column("x").type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(t.column("x").missingCount()).isEqualTo(3);
        assertThat(t.column("c").missingCount()).isEqualTo(2);
        Table custom = TableReader.read(file("m2.csv", "x\n1\n-1\n3\n"),
                ReadOptions.defaults().withMissingMarkers(Set.of("-1")));
        assertThat(custom.column("x").missingCount()).isEqualTo(1);
    }

    @Test
    void read_keepsNanAndInfinityAsNumbersNotMissing() throws Exception {
        NumericColumn x = (NumericColumn) TableReader.read(file("n.csv", "x\n1\nNaN\ninf\n-Infinity\n")).column("x");
        assertThat(x.missingCount()).isZero();
        assertThat(x.value(1)).isNaN();
        assertThat(x.value(2)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(x.value(3)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void read_infersBooleanTimestampTextAndCategoricalColumns() throws Exception {
        StringBuilder csv = new StringBuilder("flag,when,word,comment\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i % 2 == 0 ? "true" : "FALSE").append(',').append("2024-05-").append(String.format("%02d", i % 28 + 1))
                    .append(i % 3 == 0 ? " 10:00:00" : "").append(',').append("w").append(i % 4).append(',')
                    .append("a fairly long free-text comment number ").append(i).append('\n');
        }
        Table t = TableReader.read(file("t.csv", csv.toString()));
        assertThat(t.column("flag").type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(t.column("when").type()).isEqualTo(ColumnType.TIMESTAMP);
        assertThat(((TimestampColumn) t.column("when")).text(0)).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(t.column("word").type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(t.column("comment").type()).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void read_withColumnTypes_readsAsGivenAndNamesABadCell() throws Exception {
        Path path = file("typed.csv", "code,n\n01,1\n02,2\n");
        Table t = TableReader.read(path, ReadOptions.defaults().withColumnTypes(Map.of("code", ColumnType.CATEGORICAL)));
        assertThat(t.column("code").type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(t.column("code").text(0)).isEqualTo("01");
        Path bad = file("bad-typed.csv", "code,n\n01,1\n02,x\n");
        assertThatThrownBy(() -> TableReader.read(bad, ReadOptions.defaults().withColumnTypes(Map.of("n", ColumnType.NUMERIC))))
                .isInstanceOf(MlopsException.class)
                .hasMessage("bad-typed.csv: line 3, column 2: cannot read 'x' in column 'n' as NUMERIC");
    }

    @Test
    void read_withHeaderOption_overridesDetection() throws Exception {
        Path path = file("h.csv", "a,b\nc,d\n");
        assertThat(TableReader.read(path).rowCount()).isEqualTo(1);
        Table noHeader = TableReader.read(path, ReadOptions.defaults().withHeader(false));
        assertThat(noHeader.rowCount()).isEqualTo(2);
        assertThat(noHeader.columnNames()).containsExactly("column_1", "column_2");
    }

    @Test
    void read_raggedRow_namesFileLineAndColumn() throws Exception {
        Path path = file("ragged.csv", "a,b,c\n1,2,3\n4,5\n7,8,9\n");
        assertThatThrownBy(() -> TableReader.read(path))
                .isInstanceOf(MlopsException.class)
                .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessage("ragged.csv: line 3, column 3: expected 3 fields but found 2 (a ragged row, or the file is cut short)");
    }

    @Test
    void read_extraField_namesFileLineAndColumn() throws Exception {
        Path path = file("extra.csv", "a,b\n1,2\n3,4,5\n");
        assertThatThrownBy(() -> TableReader.read(path)).hasMessageStartingWith("extra.csv: line 3, column 3: expected 2 fields but found 3");
    }

    @Test
    void read_truncatedFile_isReportedWhereTheLastRowBreaksOff() throws Exception {
        byte[] whole = Files.readAllBytes(org.mlops4j.data.TestData.TRAINING);
        Path cut = bytes("cut.csv", java.util.Arrays.copyOf(whole, 1000));
        assertThatThrownBy(() -> TableReader.read(cut)).isInstanceOf(MlopsException.class)
                .hasMessage("cut.csv: line 7, column 7: expected 21 fields but found 6 (a ragged row, or the file is cut short)");
        Path quoted = file("open-quote.csv", "a,b\n1,\"two\n3,4\n");
        assertThatThrownBy(() -> TableReader.read(quoted))
                .hasMessage("open-quote.csv: line 2, column 3: a quoted field opened here is never closed (the file is cut short?)");
    }

    @Test
    void read_badEncoding_namesFileLineColumnAndByteOffset() throws Exception {
        byte[] content = "a,b\n1,ok\n2,caf\u00e9\n3,x".getBytes(StandardCharsets.ISO_8859_1);
        Path path = bytes("latin1.csv", content);
        assertThatThrownBy(() -> TableReader.read(path)).isInstanceOf(MlopsException.class)
                .hasMessage("latin1.csv: line 3, column 6: invalid UTF-8 byte sequence at byte offset 14");
        Table latin = TableReader.read(path, ReadOptions.defaults().withCharset(StandardCharsets.ISO_8859_1));
        assertThat(latin.column("b").text(1)).isEqualTo("caf\u00e9");
    }

    @Test
    void read_malformedQuoting_namesFileAndLine() throws Exception {
        Path path = file("quote.csv", "a,b\n1,2\n3,\"x\"y\n");
        assertThatThrownBy(() -> TableReader.read(path))
                .hasMessageStartingWith("quote.csv: line 3: malformed CSV: Unexpected character after closing quote");
    }

    @Test
    void read_emptyOrMissingFile_failsClearly() throws Exception {
        Path empty = file("empty.csv", "");
        assertThatThrownBy(() -> TableReader.read(empty)).hasMessage("empty.csv: the file is empty");
        assertThatThrownBy(() -> TableReader.read(dir.resolve("absent.csv")))
                .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void inferTypes_streamsAndJoinsTypesAcrossChunks() throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 70_000; i++) {
            csv.append(i).append(',').append(i < 69_999 ? Integer.toString(i % 3) : "late-string").append('\n');
        }
        Path path = file("wide.csv", csv.toString());
        assertThat(TableReader.inferTypes(path, ReadOptions.defaults()))
                .containsExactly(Map.entry("x", ColumnType.NUMERIC), Map.entry("y", ColumnType.CATEGORICAL));
        int[] rows = {0};
        TableReader.stream(path, ReadOptions.defaults(), 30_000, chunk -> {
            assertThat(chunk.column("y").type()).isEqualTo(ColumnType.CATEGORICAL);
            rows[0] += chunk.rowCount();
        });
        assertThat(rows[0]).isEqualTo(70_000);
    }
}
