package org.mlops4j.store.jdbc;

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
}
