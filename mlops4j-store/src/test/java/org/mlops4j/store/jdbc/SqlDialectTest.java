package org.mlops4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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

    @ParameterizedTest
    @EnumSource(Backend.class)
    void isUniqueViolation_recognisesABatchBreakingAPrimaryKey_andNothingElse(Backend backend) throws SQLException {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(backend, dir));
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            SqlDialect dialect = db.dialect();
            st.execute("CREATE TABLE points (k TEXT PRIMARY KEY, v INTEGER NOT NULL CHECK (v > 0))");
            st.execute("INSERT INTO points VALUES ('a', 1)");
            SQLException duplicate = catchThrowableOfType(SQLException.class, () -> insertBatch(c, "b", 1, "a", 1));
            SQLException single = catchThrowableOfType(SQLException.class, () -> st.execute("INSERT INTO points VALUES ('a', 2)"));
            SQLException check = catchThrowableOfType(SQLException.class, () -> insertBatch(c, "c", 1, "d", -1));
            SQLException syntax = catchThrowableOfType(SQLException.class, () -> st.execute("INSERT INTO nowhere VALUES (1)"));
            assertThat(dialect.isUniqueViolation(duplicate)).as("batch: %s", duplicate).isTrue();
            assertThat(dialect.isUniqueViolation(single)).as("single: %s", single).isTrue();
            assertThat(dialect.isUniqueViolation(check)).as("check: %s", check).isFalse();
            assertThat(dialect.isUniqueViolation(syntax)).as("missing table: %s", syntax).isFalse();
        }
    }

    private static void insertBatch(Connection c, String k1, int v1, String k2, int v2) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO points (k, v) VALUES (?, ?)")) {
            insert.setString(1, k1);
            insert.setInt(2, v1);
            insert.addBatch();
            insert.setString(1, k2);
            insert.setInt(2, v2);
            insert.addBatch();
            insert.executeBatch();
        }
    }
}
