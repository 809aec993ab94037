package org.mlops4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.train.TrainConfig.AlgorithmSpec;
import org.mlops4j.train.TrainConfig.DataSpec;
import org.mlops4j.train.algo.Algorithm;
import org.mlops4j.train.predict.Predictions;

/** A bundle written by training and loaded in another JVM predicts what it predicted at training time. */
class FreshJvmTest {
    @TempDir
    Path dir;

    private static List<String> runChild(Path bundle, Path csv) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString());
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), BundlePredictMain.class.getName(), bundle.toString(), csv.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return out.lines().toList();
    }

    @Test
    void bundle_loadedInAFreshJvm_predictsAsAtTrainingTime() throws Exception {
        TrainingResult result = new Trainer(RunRecorder.none()).train(TrainConfig.of(
                new DataSpec("credit", TestData.CREDIT_TRAIN.toString(), TestData.CREDIT_TEST.toString(), "Risk", null),
                AlgorithmSpec.of(Algorithm.XGBOOST, Map.of("num_rounds", 50, "max_depth", 5)))
                .withOutput(dir.resolve("credit")));
        Predictions atTraining = result.predictor().predict(TestData.creditTest());
        List<String> lines = runChild(dir.resolve("credit"), TestData.CREDIT_TEST);

        assertThat(lines).hasSize(1000);
        List<Double> childProbabilities = new ArrayList<>();
        for (int r = 0; r < lines.size(); r++) {
            String[] parts = lines.get(r).split(",");
            assertThat(parts[0]).isEqualTo(atTraining.label(r));
            childProbabilities.add(Double.parseDouble(parts[1]));
            assertThat(childProbabilities.get(r)).isCloseTo(atTraining.probability(r, 1), within(1e-6));
        }
        // Not a constant model: the comparison means something.
        assertThat(childProbabilities.stream().distinct().count()).isGreaterThan(100);
    }

    @Test
    void linearBundle_loadedInAFreshJvm_predictsAsAtTrainingTime() throws Exception {
        TrainingResult result = new Trainer(RunRecorder.none()).train(TrainConfig.of(
                DataSpec.of(TestData.WINE_RED.toString(), "quality"),
                AlgorithmSpec.of(Algorithm.ELASTIC_NET, Map.of("alpha", 0.05))).withOutput(dir.resolve("wine")));
        Predictions atTraining = result.predictor().predict(TestData.wine());
        List<String> lines = runChild(dir.resolve("wine"), TestData.WINE_RED);
        assertThat(lines).hasSize(1599);
        for (int r = 0; r < lines.size(); r++) {
            assertThat(Double.parseDouble(lines.get(r))).isCloseTo(atTraining.value(r), within(1e-6));
        }
    }
}
