package org.mlops4j.data.io;

import dev.hardwood.InputFile;
import dev.hardwood.metadata.LogicalType;
import dev.hardwood.metadata.PhysicalType;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.RowReader;
import dev.hardwood.schema.ColumnSchema;
import dev.hardwood.schema.FileSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mlops4j.core.MlopsException;

/**
 * Parquet through Hardwood (a dependency-free Parquet reader; no Hadoop). Flat schemas only: each
 * leaf column becomes a column of the table, with its type taken from the file (numbers and
 * decimals numeric, booleans boolean, strings/enums/UUIDs strings, dates and timestamps
 * timestamps). Rows are streamed, so a file need not fit in memory.
 */
final class ParquetSource {
    private ParquetSource() {
    }

    static void read(Path path, RowSink sink) {
        String file = path.getFileName().toString();
        long row = 0;
        String column = null;
        try (ParquetFileReader reader = ParquetFileReader.open(InputFile.of(path))) {
            FileSchema schema = reader.getFileSchema();
            if (!schema.isFlatSchema()) {
                throw ReadErrors.file(file, "nested Parquet columns (structs, lists, maps) are not supported");
            }
            List<ColumnSchema> columns = schema.getColumns();
            sink.columns(columns.stream().map(ColumnSchema::name).toList());
            Object[] cells = new Object[columns.size()];
            try (RowReader rows = reader.rowReader()) {
                while (rows.hasNext()) {
                    rows.next();
                    row++;
                    for (int i = 0; i < cells.length; i++) {
                        column = columns.get(i).name();
                        cells[i] = rows.isNull(i) ? null : cell(rows, i, columns.get(i));
                    }
                    column = null;
                    sink.row(cells, cells.length, row);
                }
            }
        } catch (MlopsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String where = row == 0 ? "" : " at row " + row + (column == null ? "" : ", column '" + column + "'");
            throw ReadErrors.file(file, "not a readable Parquet file%s: %s", where,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static Object cell(RowReader rows, int i, ColumnSchema column) {
        LogicalType logical = column.logicalType();
        if (logical instanceof LogicalType.DateType) {
            LocalDate date = rows.getDate(i);
            return new RowSink.Timestamp(date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        }
        if (logical instanceof LogicalType.TimestampType ts) {
            if (ts.isAdjustedToUTC()) {
                return new RowSink.Timestamp(rows.getTimestamp(i).toEpochMilli());
            }
            LocalDateTime local = rows.getLocalTimestamp(i);
            return new RowSink.Timestamp(local.toInstant(ZoneOffset.UTC).toEpochMilli());
        }
        if (logical instanceof LogicalType.DecimalType) {
            return rows.getDecimal(i).doubleValue();
        }
        if (logical instanceof LogicalType.UuidType) {
            return new RowSink.Text(rows.getUuid(i).toString());
        }
        PhysicalType physical = column.type();
        return switch (physical) {
            case BOOLEAN -> rows.getBoolean(i);
            case INT32 -> (double) rows.getInt(i);
            case INT64 -> (double) rows.getLong(i);
            case FLOAT -> (double) rows.getFloat(i);
            case DOUBLE -> rows.getDouble(i);
            case INT96 -> new RowSink.Timestamp(rows.getTimestamp(i).toEpochMilli());
            case BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY -> new RowSink.Text(logical == null
                    ? new String(rows.getBinary(i), StandardCharsets.UTF_8) : rows.getString(i));
        };
    }
}
