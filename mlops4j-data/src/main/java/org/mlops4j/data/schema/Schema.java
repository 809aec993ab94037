package org.mlops4j.data.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;

/**
 * A dataset's schema: its columns in order and, optionally, bounds on its row count. Serialised as
 * JSON ({@link #toJson()}, {@link #fromJson(String)}) so that people can read and edit it.
 *
 * @param formatVersion the JSON layout's version, 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Schema(int formatVersion, List<ColumnSchema> columns, RowCountRange rows) {
    public static final int FORMAT_VERSION = 1;

    public Schema {
        columns = List.copyOf(columns);
        Set<String> names = new HashSet<>();
        for (ColumnSchema column : columns) {
            if (!names.add(column.name())) {
                throw MlopsException.invalidParameter("Schema lists column '%s' twice", column.name());
            }
        }
    }

    public static Schema of(List<ColumnSchema> columns) {
        return new Schema(FORMAT_VERSION, columns, null);
    }

    public Optional<ColumnSchema> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Schema withRows(RowCountRange range) {
        return new Schema(formatVersion, columns, range);
    }

    /** A schema with {@code column} replacing the column of the same name (or appended). */
    public Schema with(ColumnSchema column) {
        List<ColumnSchema> next = new java.util.ArrayList<>(columns);
        int at = -1;
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).name().equals(column.name())) {
                at = i;
            }
        }
        if (at >= 0) {
            next.set(at, column);
        } else {
            next.add(column);
        }
        return new Schema(formatVersion, next, rows);
    }

    public String toJson() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a schema as JSON", e);
        }
    }

    /** Parses a schema; INVALID_PARAMETER_VALUE naming the problem when the JSON is not one. */
    public static Schema fromJson(String json) {
        Schema schema;
        try {
            schema = Json.mapper().readValue(json, Schema.class);
        } catch (JsonProcessingException e) {
            throw MlopsException.invalidParameter("Not a valid schema (line %d, column %d): %s",
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw MlopsException.invalidParameter("Not a valid schema: %s", e.getMessage());
        }
        if (schema == null || schema.columns() == null) {
            throw MlopsException.invalidParameter("Not a valid schema: no columns");
        }
        if (schema.formatVersion() != FORMAT_VERSION) {
            throw MlopsException.invalidParameter("Unsupported schema formatVersion %d (expected %d)",
                    schema.formatVersion(), FORMAT_VERSION);
        }
        return schema;
    }
}
