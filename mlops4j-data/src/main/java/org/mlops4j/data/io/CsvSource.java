package org.mlops4j.data.io;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mlops4j.core.MlopsException;

/**
 * Delimited text through FastCSV (RFC 4180 quoting, any line ending, no final newline needed),
 * plus whitespace-separated files. Every row must have as many fields as the first; a row that
 * does not is reported with its line (a ragged row, or a file cut short).
 */
final class CsvSource {
    private static final char[] CANDIDATES = {',', ';', '\t', '|'};

    private CsvSource() {
    }

    static void read(Path path, ReadOptions options, RowSink sink) {
        String file = path.getFileName().toString();
        char delimiter = options.delimiter() != null ? options.delimiter() : detectDelimiter(path, options);
        try (DecodingReader reader = new DecodingReader(Files.newInputStream(path), options.charset(), file)) {
            if (delimiter == ReadOptions.WHITESPACE) {
                readWhitespace(new BufferedReader(reader, 64 * 1024), file, options, sink);
            } else {
                readDelimited(reader, delimiter, file, options, sink);
                long[] open = reader.unclosedQuote();
                if (open != null) {
                    throw ReadErrors.at(file, open[0], open[1],
                            "a quoted field opened here is never closed (the file is cut short?)");
                }
            }
        } catch (IOException e) {
            throw ReadErrors.file(file, "cannot read: %s", e.getMessage());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw ReadErrors.file(file, "invalid text encoding: %s", e.getMessage());
            }
            throw ReadErrors.file(file, "cannot read: %s", e.getMessage());
        }
    }

    private static void readDelimited(Reader reader, char delimiter, String file, ReadOptions options, RowSink sink) {
        CsvReader<CsvRecord> csv = CsvReader.builder().fieldSeparator(delimiter).skipEmptyLines(true)
                .allowExtraFields(true).allowMissingFields(true).ofCsvRecord(reader);
        Rows rows = new Rows(file, options, sink);
        try {
            for (CsvRecord record : csv) {
                rows.accept(record.getFields(), record.getStartingLineNumber());
            }
        } catch (CsvParseException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof MlopsException m) {
                throw m;
            }
            java.util.regex.Matcher line = java.util.regex.Pattern.compile("line (\\d+)").matcher(String.valueOf(e.getMessage()));
            throw ReadErrors.at(file, line.find() ? Long.parseLong(line.group(1)) : 0, 0, "malformed CSV: %s",
                    cause.getMessage());
        }
        rows.finish();
    }

    private static void readWhitespace(BufferedReader reader, String file, ReadOptions options, RowSink sink)
            throws IOException {
        Rows rows = new Rows(file, options, sink);
        long lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                rows.accept(List.of(trimmed.split("\\s+")), lineNumber);
            }
        }
        rows.finish();
    }

    /** Header handling and the field-count check shared by both layouts. */
    private static final class Rows {
        private final String file;
        private final ReadOptions options;
        private final RowSink sink;
        private int width = -1;
        private Object[] cells;

        Rows(String file, ReadOptions options, RowSink sink) {
            this.file = file;
            this.options = options;
            this.sink = sink;
        }

        void accept(List<String> fields, long line) {
            if (width < 0) {
                width = fields.size();
                cells = new Object[width];
                if (isHeader(fields)) {
                    sink.columns(fields.stream().map(String::strip).toList());
                    return;
                }
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    names.add("column_" + i);
                }
                sink.columns(names);
            }
            if (fields.size() != width) {
                throw ReadErrors.at(file, line, Math.min(fields.size(), width) + 1,
                        "expected %d fields but found %d (a ragged row, or the file is cut short)", width,
                        fields.size());
            }
            for (int i = 0; i < width; i++) {
                String text = fields.get(i).strip();
                cells[i] = options.isMissing(text) ? null : text;
            }
            sink.row(cells, width, line);
        }

        private boolean isHeader(List<String> fields) {
            if (options.header() != null) {
                return options.header();
            }
            Set<String> seen = new HashSet<>();
            for (String field : fields) {
                String text = field.strip();
                if (text.isEmpty() || Cells.isNumber(text) || !seen.add(text)) {
                    return false;
                }
            }
            return true;
        }

        void finish() {
            if (width < 0) {
                throw ReadErrors.file(file, "the file is empty");
            }
        }
    }

    /** Looks at the first lines: a candidate separator that occurs equally often (and at least once) on every line wins. */
    static char detectDelimiter(Path path, ReadOptions options) {
        String file = path.getFileName().toString();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new DecodingReader(Files.newInputStream(path),
                options.charset(), file))) {
            for (String line = reader.readLine(); line != null && lines.size() < 50; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw ReadErrors.file(file, "cannot read: %s", e.getMessage());
        }
        if (lines.isEmpty()) {
            throw ReadErrors.file(file, "the file is empty");
        }
        char best = 0;
        int bestCount = 0;
        for (char candidate : CANDIDATES) {
            int count = countOutsideQuotes(lines.get(0), candidate);
            if (count > bestCount && lines.stream().allMatch(l -> countOutsideQuotes(l, candidate) == count)) {
                best = candidate;
                bestCount = count;
            }
        }
        if (best != 0) {
            return best;
        }
        int fields = lines.get(0).strip().split("\\s+").length;
        if (fields > 1 && lines.stream().allMatch(l -> l.strip().split("\\s+").length == fields)) {
            return ReadOptions.WHITESPACE;
        }
        return ',';
    }

    private static int countOutsideQuotes(String line, char delimiter) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == delimiter && !quoted) {
                count++;
            }
        }
        return count;
    }
}
