package org.mlops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged launcher, {@code bin/mlops4j} of the distribution the build just made, run as a
 * user runs it: it starts the JVM with {@code conf/jvm.options} (comments skipped), and options in
 * {@code MLOPS4J_JAVA_OPTS} win over them. Runs in the integration-test phase, after packaging.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("target", "mlops4j", "mlops4j", "bin", "mlops4j");
    private static final long GIB = 1L << 30;

    private record Run(int exit, String output) {
        long flag(String name) {
            Matcher m = Pattern.compile("\\b" + name + "\\s+=\\s+(\\d+)").matcher(output);
            assertThat(m.find()).as("flag %s in the JVM's output", name).isTrue();
            return Long.parseLong(m.group(1));
        }
    }

    private static Run launch(String javaOptions) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "--version").redirectErrorStream(true);
        builder.environment().put("MLOPS4J_JAVA_OPTS", javaOptions);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    @Test
    void startsTheJvmWithAFixedHeapAndACappedYoungGeneration() throws Exception {
        assertThat(Files.isExecutable(LAUNCHER)).as("the distribution is packaged").isTrue();
        Run run = launch("-XX:+PrintFlagsFinal");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("mlops4j");
        assertThat(run.flag("InitialHeapSize")).isEqualTo(run.flag("MaxHeapSize"));
        assertThat(run.flag("MaxNewSize")).isLessThanOrEqualTo(GIB);
    }

    @Test
    void optionsOfTheUserWinOverTheDefaults() throws Exception {
        Run run = launch("-XX:+PrintFlagsFinal -Xms64m -Xmx256m");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.flag("InitialHeapSize")).isEqualTo(64L << 20);
        assertThat(run.flag("MaxHeapSize")).isEqualTo(256L << 20);
    }
}
