package org.mlops4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void get_followsPrecedence_flagsThenEnvThenFileThenDefaults() throws Exception {
        Path file = dir.resolve("mlops4j.properties");
        Files.writeString(file, "port=3000\nhost=file-host\nartifacts-destination=/from/file\n");
        Map<String, String> defaults = Map.of("port", "5000", "host", "127.0.0.1", "artifacts-destination", "./a",
                "backend-store-uri", "sqlite:mlruns.db");
        Map<String, String> env = Map.of("MLOPS4J_PORT", "4000", "MLOPS4J_HOST", "env-host");
        Map<String, String> flags = new HashMap<>();
        flags.put("port", "6000");
        flags.put("host", null);

        Settings settings = Settings.of(flags, env, file, defaults);

        assertThat(settings.getInt("port")).isEqualTo(6000);
        assertThat(settings.require("host")).isEqualTo("env-host");
        assertThat(settings.require("artifacts-destination")).isEqualTo("/from/file");
        assertThat(settings.require("backend-store-uri")).isEqualTo("sqlite:mlruns.db");
        assertThat(settings.get("unknown")).isEmpty();
    }

    @Test
    void of_missingConfigFile_isAnError() {
        assertThatThrownBy(() -> Settings.of(Map.of(), Map.of(), dir.resolve("nope.properties"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config file not found");
    }

    @Test
    void getInt_notANumber_namesTheSetting() {
        Settings settings = Settings.of(Map.of("port", "abc"), Map.of(), null, Map.of());
        assertThatThrownBy(() -> settings.getInt("port")).hasMessageContaining("'port'").hasMessageContaining("abc");
    }

    @Test
    void environmentName_isUpperSnakeWithPrefix() {
        assertThat(Settings.environmentName("backend-store-uri")).isEqualTo("MLOPS4J_BACKEND_STORE_URI");
    }
}
