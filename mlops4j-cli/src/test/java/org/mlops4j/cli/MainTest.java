package org.mlops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.server.ServerConfig;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path dir;

    private static String capture(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void help_onEveryCommand_succeeds() {
        for (String[] args : new String[][] {{"--help"}, {"server", "--help"}, {"serve", "--help"}, {"demo", "--help"},
                {"train", "--help"}, {"data", "--help"}, {"version", "--help"}, {"help", "server"}}) {
            int[] code = new int[1];
            String out = capture(() -> code[0] = Main.run(args));
            assertThat(code[0]).as(String.join(" ", args)).isZero();
            assertThat(out).contains("Usage: mlops4j");
        }
    }

    @Test
    void serve_withoutModel_failsWithUsage() {
        assertThat(Main.run("serve")).isNotZero();
    }

    @Test
    void version_printsTheVersion() {
        assertThat(capture(() -> Main.run("version"))).startsWith("mlops4j ");
    }

    @Test
    void unknownCommandOrOption_failsWithUsage() {
        assertThat(Main.run("bogus")).isNotZero();
        assertThat(Main.run("server", "--no-such-flag")).isNotZero();
    }

    @Test
    void serverSettings_flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = dir.resolve("conf.properties");
        Files.writeString(file, "port=7000\nhost=0.0.0.0\nbackend-store-uri=sqlite:///from-file.db\n");
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--port", "9000", "--config", file.toString());
        ServerConfig config = ServerConfig.from(command.settings(Map.of("MLOPS4J_HOST", "10.0.0.1")));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.host()).isEqualTo("10.0.0.1");
        assertThat(config.backendStoreUri()).isEqualTo("sqlite:///from-file.db");
        assertThat(config.artifactsDestination()).isEqualTo("./mlartifacts");
        assertThat(config.payloadRingDirectory()).as("automatic: /dev/shm, else the journal").isNull();
        assertThat(ServerConfig.from(command.settings(Map.of("MLOPS4J_PAYLOAD_RING_DIR", "/data/rings")))
                .payloadRingDirectory()).isEqualTo(Path.of("/data/rings"));
        assertThat(config.payloadRetention()).as("payloads kept unless a retention is set").isEmpty();
        assertThat(ServerConfig.from(command.settings(Map.of("MLOPS4J_PAYLOAD_RETENTION_DAYS", "30"))).payloadRetention())
                .contains(java.time.Duration.ofDays(30));
        assertThatThrownBy(() -> ServerConfig.from(command.settings(Map.of("MLOPS4J_PAYLOAD_RETENTION_DAYS", "-1"))))
                .hasMessageContaining("payload-retention-days");
    }

    @Test
    void server_withBadPort_failsWithClearMessage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("server", "--port", "seventy");
        } finally {
            System.setErr(original);
        }
        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'port'").contains("seventy");
    }
}
