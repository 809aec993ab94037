package org.mlops4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.config.Settings;
import org.mlops4j.server.ServerConfig;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.tracking.TrackingRunRecorder;
import org.mlops4j.tracking.TrackingService;
import org.mlops4j.train.RunRecorder;
import org.mlops4j.train.TrainConfig;
import org.mlops4j.train.TrainConfigReader;
import org.mlops4j.train.Trainer;
import org.mlops4j.train.TrainingResult;
import org.mlops4j.train.eval.ValidationResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlops4j train --config train.yaml}: trains in this process and records the run directly in
 * the metadata database and artifact store the server uses (same settings as {@code mlops4j server}),
 * so the run, its metrics and the model bundle appear in the server's UI and API.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model from a train.yaml and record the run in tracking.", "",
                "The run goes to the metadata database and artifact store that 'mlops4j server' uses; each is "
                        + "taken from, first match wins: the flag, the environment variable "
                        + "(MLOPS4J_BACKEND_STORE_URI, MLOPS4J_ARTIFACTS_DESTINATION), the settings file, the default.",
                "",
                "Exit codes: 0 trained (and passed its thresholds), 1 trained but rejected by its thresholds, "
                        + "2 configuration or data error (the run, if started, is marked FAILED)."})
final class TrainCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int REJECTED = 1;
    static final int INPUT_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "The training configuration (train.yaml).")
    Path config;

    @Option(names = "--backend-store-uri", description = "Metadata database (default: sqlite:///mlruns.db).")
    String backendStoreUri;

    @Option(names = "--artifacts-destination", description = "Artifact storage (default: ./mlartifacts).")
    String artifactsDestination;

    @Option(names = "--settings", description = "Properties file with the settings above (default: ./"
            + ServerCommand.DEFAULT_CONFIG_FILE + " if it exists, or MLOPS4J_CONFIG).")
    Path settingsFile;

    @Option(names = "--output", description = "Also write the model bundle to this directory.")
    Path output;

    @Option(names = "--no-tracking", description = "Train without recording a run.")
    boolean noTracking;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            TrainConfig trainConfig = TrainConfigReader.read(config);
            if (output != null) {
                trainConfig = trainConfig.withOutput(output.toAbsolutePath());
            }
            Path codeDirectory = config.toAbsolutePath().getParent();
            TrainingResult result;
            String where;
            if (noTracking) {
                result = new Trainer(RunRecorder.none(), codeDirectory).train(trainConfig);
                where = "not recorded (--no-tracking)";
            } else {
                Settings settings = settings(System.getenv());
                try (Database db = Database.open(settings.require("backend-store-uri"));
                     ArtifactStore store = ArtifactStores.open(settings.require("artifacts-destination"))) {
                    TrackingService tracking = TrackingService.onDatabase(db, Clock.systemUTC(),
                            ArtifactStores.PROXY_SCHEME);
                    TrackingRunRecorder recorder = new TrackingRunRecorder(tracking, store, Clock.systemUTC());
                    result = new Trainer(recorder, codeDirectory).train(trainConfig);
                    where = tracking.getRun(result.runId()).info().artifactUri() + "/model";
                }
            }
            print(out, trainConfig, result, where);
            return result.passed() ? OK : REJECTED;
        } catch (MlopsException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return INPUT_ERROR;
        }
    }

    private static void print(PrintWriter out, TrainConfig config, TrainingResult result, String where) {
        out.printf("run       %s (experiment %s)%n", result.runId(), config.experiment());
        out.printf("model     %s %s, %s%n", config.algorithm().algorithm().wireName(), result.task().wireName(),
                result.trials().isEmpty() ? "no search" : result.trials().size() + " trials, best #"
                        + (int) (double) result.metrics().get("best_trial"));
        out.printf("bundle    %s%n          %s%n", result.bundleDigest(), where);
        if (result.output() != null) {
            out.printf("          %s%n", result.output());
        }
        String metrics = result.metrics().entrySet().stream()
                .filter(e -> e.getKey().startsWith("test_") || e.getKey().startsWith("validation_")
                        || e.getKey().startsWith("cv_"))
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4f", e.getValue()))
                .collect(Collectors.joining(" "));
        out.printf("metrics   %s%n", metrics);
        ValidationResult gate = result.gate();
        if (gate != null) {
            out.printf("checks    %s%n", gate.passed() ? "passed" : "FAILED");
            gate.checks().forEach(c -> out.printf("          %s %s%n", c.passed() ? "ok  " : "FAIL", c.message()));
        }
        out.flush();
    }

    Settings settings(Map<String, String> environment) {
        Map<String, String> flags = new HashMap<>();
        flags.put("backend-store-uri", backendStoreUri);
        flags.put("artifacts-destination", artifactsDestination);
        Path file = settingsFile;
        if (file == null) {
            String fromEnv = environment.get("MLOPS4J_CONFIG");
            if (fromEnv != null && !fromEnv.isBlank()) {
                file = Path.of(fromEnv);
            } else if (Files.isRegularFile(Path.of(ServerCommand.DEFAULT_CONFIG_FILE))) {
                file = Path.of(ServerCommand.DEFAULT_CONFIG_FILE);
            }
        }
        return Settings.of(flags, environment, file, ServerConfig.DEFAULTS);
    }
}
