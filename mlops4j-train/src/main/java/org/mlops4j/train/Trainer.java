package org.mlops4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Table;
import org.mlops4j.data.io.TableReader;

/**
 * Trains a model candidate from a {@link TrainConfig}: loads and splits the data, fits the feature
 * pipeline on the training rows, runs the search (a child run per trial) or a single training,
 * evaluates on validation and test rows, checks thresholds against the baseline, and logs a
 * reproducible model bundle. Everything is recorded through a {@link RunRecorder}; a run that fails
 * is marked FAILED with the reason before the exception propagates.
 *
 * <p>Thread-safe: a trainer keeps no state between calls.
 */
public final class Trainer {
    private final RunRecorder recorder;
    private final Path codeDirectory;

    /** A trainer that records to {@code recorder} and reads the code commit from the current directory. */
    public Trainer(RunRecorder recorder) {
        this(recorder, Path.of(""));
    }

    /** @param codeDirectory where to look for the git working copy whose commit is recorded */
    public Trainer(RunRecorder recorder, Path codeDirectory) {
        this.recorder = recorder;
        this.codeDirectory = codeDirectory;
    }

    /**
     * Trains from the files named in the configuration.
     *
     * @throws MlopsException INVALID_PARAMETER_VALUE for bad data or configuration (the run, if started,
     *                        is marked FAILED with the message); RESOURCE_DOES_NOT_EXIST for a missing file
     */
    public TrainingResult train(TrainConfig config) {
        return run(config, () -> {
            Path trainPath = config.resolve(config.data().train());
            Table train = read(trainPath);
            DatasetInfo trainInfo = DatasetInfo.ofFile(config.data().name(), trainPath, config.data().train(),
                    train.rowCount());
            Table test = null;
            DatasetInfo testInfo = null;
            if (config.data().test() != null) {
                Path testPath = config.resolve(config.data().test());
                test = read(testPath);
                testInfo = DatasetInfo.ofFile(testPath.getFileName().toString(), testPath, config.data().test(),
                        test.rowCount());
            }
            return new TrainingSession.Inputs(train, trainInfo, test, testInfo);
        });
    }

    /**
     * Trains on tables already in memory ({@code config.data()} paths are then only names).
     *
     * @param test a separate test table, or null to split test rows off {@code train}
     */
    public TrainingResult train(TrainConfig config, Table train, DatasetInfo trainInfo, Table test, DatasetInfo testInfo) {
        if ((test == null) != (testInfo == null)) {
            throw new IllegalArgumentException("give both the test table and its DatasetInfo, or neither");
        }
        return run(config, () -> new TrainingSession.Inputs(train, trainInfo, test, testInfo));
    }

    private interface InputSupplier {
        TrainingSession.Inputs get();
    }

    private TrainingResult run(TrainConfig config, InputSupplier inputs) {
        Optional<String> commit = CodeVersion.gitCommit(codeDirectory);
        Map<String, String> tags = new TreeMap<>();
        tags.put("mlflow.source.type", "LOCAL");
        tags.put("mlflow.source.name", config.data().train());
        tags.put("mlflow.user", System.getProperty("user.name", "unknown"));
        tags.put("mlops4j.algorithm", config.algorithm().algorithm().wireName());
        commit.ifPresent(c -> tags.put("mlflow.source.git.commit", c));
        String runId = recorder.startRun(config.experiment(), null, config.runName(), tags);
        try {
            TrainingSession session = new TrainingSession(config, recorder, runId, commit.orElse(null));
            TrainingResult result = session.run(inputs.get());
            recorder.finishRun(runId);
            return result;
        } catch (RuntimeException | Error e) {
            try {
                recorder.failRun(runId, reason(e));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    static String reason(Throwable e) {
        String message = e.getMessage();
        String text = e instanceof MlopsException || message != null && e instanceof IllegalArgumentException
                ? message : e.getClass().getSimpleName() + (message != null ? ": " + message : "");
        return text.length() > 4000 ? text.substring(0, 4000) + "..." : text;
    }

    private static Table read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw MlopsException.notFound("Data file %s does not exist", path);
        }
        return TableReader.read(path);
    }
}
