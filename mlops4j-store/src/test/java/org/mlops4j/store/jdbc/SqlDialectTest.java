package org.mlops4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

/** The dialect's SQL fragments, run on a real SQLite file and a real PostgreSQL server. */
class SqlDialectTest {
    @TempDir
    Path dir;

    /** Strings that an array literal or a JSON array could mangle if quoting went wrong. */
    private static final List<String> AWKWARD = List.of("plain", "with,comma", "{braces}", "\"quoted\"", "back\\slash",
            "NULL", "", " blank ", "new\nline", "ünïcödé 🚀", "'single'");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stringListTable_yieldsEveryString_withItsPositionFromZero(Backend backend) {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(backend, dir))) {
            SqlDialect dialect = db.dialect();
            List<String> rows = db.read(h -> {
                List<String> out = new ArrayList<>();
                new Sql().append("SELECT l.pos, l.val FROM " + dialect.stringListTable("l") + " ORDER BY l.pos",
                        dialect.stringList(AWKWARD)).forEachRow(h, row -> out.add(row.getInt(1) + ":" + row.getString(2)));
                return out;
            });
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < AWKWARD.size(); i++) {
                expected.add(i + ":" + AWKWARD.get(i));
            }
            assertThat(rows).containsExactlyElementsOf(expected);
            int empty = db.read(h -> {
                int[] count = {0};
                new Sql().append("SELECT l.val FROM " + dialect.stringListTable("l"), dialect.stringList(List.of()))
                        .forEachRow(h, row -> count[0]++);
                return count[0];
            });
            assertThat(empty).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void jsonObjectAgg_buildsOneObjectOfTheGroupsRows(Backend backend) {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(backend, dir))) {
            SqlDialect dialect = db.dialect();
            String json = db.read(h -> {
                String[] out = new String[1];
                new Sql().append("SELECT " + dialect.jsonObjectAgg("l.val", "CAST(l.pos AS TEXT)") + " FROM "
                        + dialect.stringListTable("l"), dialect.stringList(AWKWARD)).forEachRow(h, row -> out[0] = row.getString(1));
                return out[0];
            });
            Map<String, String> expected = new TreeMap<>();
            for (int i = 0; i < AWKWARD.size(); i++) {
                expected.put(AWKWARD.get(i), Integer.toString(i));
            }
            assertThat(new TreeMap<>(parse(json))).isEqualTo(expected);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> parse(String json) {
        try {
            return org.mlops4j.core.Json.mapper().readValue(json, Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(json, e);
        }
    }
}
