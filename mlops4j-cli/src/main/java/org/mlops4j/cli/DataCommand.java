package org.mlops4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Table;
import org.mlops4j.data.drift.DatasetDrift;
import org.mlops4j.data.drift.DriftDetector;
import org.mlops4j.data.drift.DriftOptions;
import org.mlops4j.data.io.DataFormat;
import org.mlops4j.data.io.ReadOptions;
import org.mlops4j.data.io.TableReader;
import org.mlops4j.data.report.HtmlReports;
import org.mlops4j.data.report.Reports;
import org.mlops4j.data.schema.Schema;
import org.mlops4j.data.schema.SchemaInference;
import org.mlops4j.data.stats.DatasetStatistics;
import org.mlops4j.data.stats.Statistics;
import org.mlops4j.data.stats.StatisticsOptions;
import org.mlops4j.data.validation.Severity;
import org.mlops4j.data.validation.ValidationOptions;
import org.mlops4j.data.validation.ValidationReport;
import org.mlops4j.data.validation.Validator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mlops4j data}: statistics, schema inference, validation and drift comparison of data
 * files, with JSON or HTML reports. Exit codes: 0 all good, 1 anomalies or drift found, 2 usage or
 * input error (a message on stderr names the file, line and column).
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Profile, validate and compare data files (CSV, JSON, Parquet).", "",
                "Exit codes: 0 OK, 1 anomalies or drift found, 2 usage or input error."},
        subcommands = {DataCommand.Stats.class, DataCommand.InferSchema.class, DataCommand.Validate.class,
                DataCommand.Compare.class})
final class DataCommand implements Runnable {
    static final int OK = 0;
    static final int FOUND = 1;
    static final int INPUT_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** How to read the input files. */
    static final class ReadMixin {
        @Option(names = "--delimiter", paramLabel = "CHAR",
                description = "CSV field separator: a character, 'tab' or 'whitespace' (default: detected).")
        String delimiter;

        @Option(names = "--header", paramLabel = "true|false", description = "Whether a CSV's first row holds the "
                + "column names (default: detected).")
        Boolean header;

        @Option(names = "--missing", paramLabel = "MARKERS", split = ",",
                description = "Cell texts read as missing (default: '', ?, NA, N/A, null, NULL).")
        List<String> missing;

        @Option(names = "--encoding", paramLabel = "CHARSET", description = "Text encoding (default: UTF-8).")
        String encoding;

        @Option(names = "--input-format", paramLabel = "csv|json|parquet",
                description = "File format (default: from the extension).")
        String format;

        ReadOptions options() {
            ReadOptions options = ReadOptions.defaults();
            if (delimiter != null) {
                options = options.withDelimiter(switch (delimiter.toLowerCase(Locale.ROOT)) {
                    case "tab", "\\t" -> '\t';
                    case "whitespace", "space" -> ReadOptions.WHITESPACE;
                    default -> {
                        if (delimiter.length() != 1) {
                            throw MlopsException.invalidParameter("--delimiter takes one character, 'tab' or 'whitespace'");
                        }
                        yield delimiter.charAt(0);
                    }
                });
            }
            if (header != null) {
                options = options.withHeader(header);
            }
            if (missing != null) {
                options = options.withMissingMarkers(Set.copyOf(missing));
            }
            if (encoding != null) {
                try {
                    options = options.withCharset(Charset.forName(encoding));
                } catch (IllegalArgumentException e) {
                    throw MlopsException.invalidParameter("Unknown encoding '%s'", encoding);
                }
            }
            if (format != null) {
                try {
                    options = options.withFormat(DataFormat.valueOf(format.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw MlopsException.invalidParameter("--input-format is csv, json or parquet, not '%s'", format);
                }
            }
            return options;
        }
    }

    /** Where and how to write the report. */
    static final class OutputMixin {
        @Option(names = "--format", paramLabel = "json|html", defaultValue = "json",
                description = "Report format (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here (default: stdout).")
        Path output;

        boolean html() {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "html" -> true;
                case "json" -> false;
                default -> throw MlopsException.invalidParameter("--format is json or html, not '%s'", format);
            };
        }

        void write(CommandLine.Model.CommandSpec spec, String report, String summary) {
            if (output == null) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(report);
                out.flush();
                return;
            }
            try {
                Files.writeString(output, report, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw MlopsException.invalidParameter("%s: cannot write: %s", output, e.getMessage());
            }
            spec.commandLine().getOut().println(summary + " -> " + output);
            spec.commandLine().getOut().flush();
        }
    }

    /** Runs a subcommand body, turning input errors into exit code 2 with the message on stderr. */
    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                return execute();
            } catch (MlopsException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return INPUT_ERROR;
            }
        }

        abstract int execute();

        static String title(Path file) {
            return file.getFileName().toString();
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Per-column statistics: counts, missing, mean, std, min, quantiles, max, zeros, histogram; "
                    + "distinct and top values for categorical columns.")
    static final class Stats extends Base {
        @Parameters(paramLabel = "FILE", description = "The data file.")
        Path file;

        @Option(names = "--stream", description = "Read the file in chunks (for files larger than memory; two passes).")
        boolean stream;

        @Mixin
        ReadMixin read;

        @Mixin
        OutputMixin output;

        @Override
        int execute() {
            boolean html = output.html();
            DatasetStatistics stats = stream
                    ? Statistics.ofFile(file, read.options(), StatisticsOptions.defaults())
                    : Statistics.of(TableReader.read(file, read.options()));
            output.write(spec, html ? HtmlReports.statistics("Statistics of " + title(file), stats) : Reports.json(stats),
                    "statistics: " + stats.rowCount() + " rows, " + stats.columns().size() + " columns");
            return OK;
        }
    }

    @Command(name = "infer-schema", mixinStandardHelpOptions = true,
            description = "Infer a schema (types, required columns, numeric ranges, categorical domains) to review, "
                    + "edit and validate later data against.")
    static final class InferSchema extends Base {
        @Parameters(paramLabel = "FILE", description = "The data file.")
        Path file;

        @Option(names = "--max-domain-size", paramLabel = "N", defaultValue = "100",
                description = "Largest number of values a categorical column's domain may list (default: ${DEFAULT-VALUE}).")
        int maxDomainSize;

        @Mixin
        ReadMixin read;

        @Mixin
        OutputMixin output;

        @Override
        int execute() {
            boolean html = output.html();
            Schema schema = SchemaInference.infer(Statistics.of(TableReader.read(file, read.options())), maxDomainSize);
            output.write(spec, html ? HtmlReports.schema("Schema of " + title(file), schema) : schema.toJson() + "\n",
                    "schema: " + schema.columns().size() + " columns");
            return OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate a data file against a schema and list the anomalies, each with a stable code "
                    + "and a severity. Exit code 1 when anomalies at or above --fail-on are found.")
    static final class Validate extends Base {
        @Parameters(paramLabel = "FILE", description = "The data file.")
        Path file;

        @Option(names = "--schema", required = true, paramLabel = "SCHEMA", description = "The schema (JSON, as infer-schema writes it).")
        Path schemaFile;

        @Option(names = "--previous", paramLabel = "FILE", description = "The previous data file, to compare row counts with.")
        Path previous;

        @Option(names = "--fail-on", paramLabel = "warning|error", defaultValue = "warning",
                description = "Lowest severity that makes the exit code 1 (default: ${DEFAULT-VALUE}).")
        String failOn;

        @Mixin
        ReadMixin read;

        @Mixin
        OutputMixin output;

        @Override
        int execute() {
            boolean html = output.html();
            Severity threshold = switch (failOn.toLowerCase(Locale.ROOT)) {
                case "warning" -> Severity.WARNING;
                case "error" -> Severity.ERROR;
                default -> throw MlopsException.invalidParameter("--fail-on is warning or error, not '%s'", failOn);
            };
            Schema schema;
            try {
                schema = Schema.fromJson(Files.readString(schemaFile));
            } catch (IOException e) {
                throw MlopsException.invalidParameter("%s: cannot read: %s", schemaFile, e.getMessage());
            }
            ValidationOptions options = ValidationOptions.defaults();
            if (previous != null) {
                options = options.withPreviousRowCount(TableReader.read(previous, read.options()).rowCount());
            }
            ValidationReport report = Validator.validate(TableReader.read(file, read.options()), schema, options);
            long errors = report.anomalies().stream().filter(a -> a.severity() == Severity.ERROR).count();
            output.write(spec, html ? HtmlReports.validation("Validation of " + title(file), report) : Reports.json(report),
                    "validation: " + report.anomalies().size() + " anomalies (" + errors + " errors)");
            boolean failed = report.anomalies().stream().anyMatch(a -> a.severity().compareTo(threshold) >= 0);
            return failed ? FOUND : OK;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Compare a current data file with a reference one, column by column (training vs serving: "
                    + "skew; previous vs current: drift). Tests are chosen per column as Evidently does unless given. "
                    + "Exit code 1 when the dataset drifts.",
                    "Tests: ks, chisquare, z, wasserstein, jensenshannon, psi, linf."})
    static final class Compare extends Base {
        @Parameters(index = "0", paramLabel = "REFERENCE", description = "The reference data file (e.g. training data).")
        Path reference;

        @Parameters(index = "1", paramLabel = "CURRENT", description = "The current data file (e.g. serving data).")
        Path current;

        @Option(names = "--drift-share", paramLabel = "SHARE", defaultValue = "0.5",
                description = "The dataset drifts when this share of columns drifts (default: ${DEFAULT-VALUE}).")
        double driftShare;

        @Option(names = "--test", paramLabel = "NAME", description = "One test for every column (default: chosen per column).")
        String test;

        @Option(names = "--column-test", paramLabel = "COLUMN=NAME", description = "A test for one column (repeatable).")
        Map<String, String> columnTests = new LinkedHashMap<>();

        @Option(names = "--threshold", paramLabel = "X", description = "Threshold for every column (default: each test's).")
        Double threshold;

        @Option(names = "--bins", paramLabel = "N", defaultValue = "30",
                description = "Bins for Jensen-Shannon and PSI on numeric columns (default: ${DEFAULT-VALUE}).")
        int bins;

        @Option(names = "--columns", paramLabel = "NAMES", split = ",", description = "Only these columns.")
        List<String> columns;

        @Mixin
        ReadMixin read;

        @Mixin
        OutputMixin output;

        @Override
        int execute() {
            boolean html = output.html();
            DriftOptions options;
            try {
                options = new DriftOptions(driftShare, test, columnTests, threshold, Map.of(), bins, columns);
            } catch (IllegalArgumentException e) {
                throw MlopsException.invalidParameter("%s", e.getMessage());
            }
            Table ref = TableReader.read(reference, read.options());
            Table cur = TableReader.read(current, read.options());
            DatasetDrift drift = DriftDetector.compare(ref, cur, options);
            String title = title(current) + " against " + title(reference);
            output.write(spec, html ? HtmlReports.drift("Drift: " + title, drift) : Reports.json(drift),
                    "drift: " + drift.driftedColumns() + " of " + drift.columns().size() + " columns drifted, dataset "
                            + (drift.datasetDrift() ? "drifted" : "did not drift"));
            return drift.datasetDrift() ? FOUND : OK;
        }
    }
}
