package org.mlops4j.data.io;

import org.mlops4j.core.MlopsException;

/** Builds the one error shape for bad input: "file: line L, column C: what went wrong". */
final class ReadErrors {
    private ReadErrors() {
    }

    static MlopsException at(String file, long line, long column, String format, Object... args) {
        StringBuilder where = new StringBuilder(file);
        if (line > 0) {
            where.append(": line ").append(line);
        }
        if (column > 0) {
            where.append(", column ").append(column);
        }
        return MlopsException.invalidParameter("%s: %s", where, format.formatted(args));
    }

    static MlopsException file(String file, String format, Object... args) {
        return MlopsException.invalidParameter("%s: %s", file, format.formatted(args));
    }
}
