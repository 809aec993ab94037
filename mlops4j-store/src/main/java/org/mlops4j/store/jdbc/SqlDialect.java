package org.mlops4j.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.List;
import org.mlops4j.core.Json;

/** The SQL databases the metadata store runs on. Differences between them stay behind this enum. */
public enum SqlDialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String migrationFolder;

    SqlDialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Folder name under {@code db/<module>/} that holds this dialect's migrations. */
    public String migrationFolder() {
        return migrationFolder;
    }

    /** PostgreSQL has ILIKE; SQLite compares lower-cased sides. */
    public String caseInsensitiveLike(String column, String placeholder) {
        return this == POSTGRESQL ? column + " ILIKE " + placeholder : "LOWER(" + column + ") LIKE LOWER(" + placeholder + ")";
    }

    /** LIKE is case-sensitive on both (SQLite connections set {@code case_sensitive_like}). */
    public String caseSensitiveLike(String column, String placeholder) {
        return column + " LIKE " + placeholder;
    }

    /**
     * A derived table {@code alias(pos, val)} of the strings bound to its one placeholder as
     * {@link #stringList}, {@code pos} counting from 0 in list order. A statement over a page of ids
     * then binds one parameter however long the page, instead of a placeholder per id.
     */
    public String stringListTable(String alias) {
        return this == POSTGRESQL
                ? "(SELECT u.pos - 1 AS pos, u.val FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS u(val, pos)) " + alias
                : "(SELECT key AS pos, value AS val FROM json_each(?)) " + alias;
    }

    /** The parameter for {@link #stringListTable}: a JSON array on SQLite, an array literal on PostgreSQL. */
    public String stringList(List<String> values) {
        if (this == SQLITE) {
            try {
                return Json.mapper().writeValueAsString(values);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        StringBuilder literal = new StringBuilder("{");
        for (String value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            // Every element quoted, so commas, braces, blanks and the word NULL stay text.
            literal.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }

    /** Aggregate function building one JSON object of {@code key: value} from a group's rows. */
    public String jsonObjectAgg(String key, String value) {
        return (this == POSTGRESQL ? "json_object_agg(" : "json_group_object(") + key + ", " + value + ")";
    }

    /**
     * Appended to a {@code SELECT} of one row: on PostgreSQL the row cannot be deleted (nor its key
     * changed) until the transaction ends, which is what a foreign key's check takes, once instead of
     * per inserted row. SQLite serialises writers, so it needs none.
     */
    public String keyShareLock() {
        return this == POSTGRESQL ? " FOR KEY SHARE" : "";
    }
}
