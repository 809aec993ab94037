package org.mlops4j.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Layered configuration. A key such as {@code backend-store-uri} is looked up, first match wins, in:
 * command-line flags, the environment variable {@code MLOPS4J_BACKEND_STORE_URI}, the config file
 * (a properties file), then the defaults.
 */
public final class Settings {
    private final List<Map<String, String>> layers;
    private final Map<String, String> environment;

    private Settings(Map<String, String> flags, Map<String, String> environment, Map<String, String> file,
                     Map<String, String> defaults) {
        this.environment = Map.copyOf(environment);
        this.layers = List.of(Map.copyOf(flags), Map.copyOf(file), Map.copyOf(defaults));
    }

    /**
     * @param flags       values given on the command line, by key (nulls are dropped)
     * @param environment the process environment
     * @param configFile  a properties file, or null for none; a named file that is missing is an error
     * @param defaults    the defaults, by key
     */
    public static Settings of(Map<String, String> flags, Map<String, String> environment, Path configFile,
                              Map<String, String> defaults) {
        Map<String, String> cleanFlags = new LinkedHashMap<>();
        flags.forEach((k, v) -> {
            if (v != null) {
                cleanFlags.put(k, v);
            }
        });
        return new Settings(cleanFlags, environment, readFile(configFile), defaults);
    }

    public static String environmentName(String key) {
        return "MLOPS4J_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    public Optional<String> get(String key) {
        String flag = layers.get(0).get(key);
        if (flag != null) {
            return Optional.of(flag);
        }
        String env = environment.get(environmentName(key));
        if (env != null && !env.isEmpty()) {
            return Optional.of(env);
        }
        for (Map<String, String> layer : layers.subList(1, layers.size())) {
            String value = layer.get(key);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException("missing setting '" + key
                + "': pass --" + key + ", set " + environmentName(key) + " or add it to the config file"));
    }

    public int getInt(String key) {
        String value = require(key);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be an integer, got '" + value + "'");
        }
    }

    private static Map<String, String> readFile(Path file) {
        if (file == null) {
            return Map.of();
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file not found: " + file);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).trim()));
        return values;
    }
}
