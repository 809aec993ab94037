package org.mlops4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.mlops4j.core.config.Settings;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run the platform server: the MLflow-compatible tracking API and artifact proxy.",
                "",
                "Each setting is taken from, first match wins: the flag, the environment variable "
                        + "(MLOPS4J_HOST, MLOPS4J_PORT, MLOPS4J_BACKEND_STORE_URI, MLOPS4J_ARTIFACTS_DESTINATION), "
                        + "the config file, the default."})
final class ServerCommand implements Runnable {
    static final String DEFAULT_CONFIG_FILE = "mlops4j.properties";

    @Option(names = "--host", description = "Address to listen on (default: 127.0.0.1; 0.0.0.0 for all).")
    String host;

    @Option(names = "--port", description = "Port to listen on (default: 5000; 0 picks a free port).")
    String port;

    @Option(names = "--backend-store-uri", description = "Metadata database: sqlite:///file.db (default: "
            + "sqlite:///mlruns.db) or postgresql://user:password@host:5432/db.")
    String backendStoreUri;

    @Option(names = "--artifacts-destination", description = "Artifact storage: a directory (default: ./mlartifacts) "
            + "or s3://bucket/prefix (endpoint from MLOPS4J_S3_ENDPOINT_URL, credentials from AWS_* variables).")
    String artifactsDestination;

    @Option(names = "--config", description = "Properties file with any of the settings above, keyed by flag name "
            + "(default: ./" + DEFAULT_CONFIG_FILE + " if it exists, or MLOPS4J_CONFIG).")
    Path configFile;

    @Override
    public void run() {
        ServerConfig config = ServerConfig.from(settings(System.getenv()));
        MlopsServer server = MlopsServer.start(config);
        System.out.println("mlops4j server listening on http://" + config.host() + ":" + server.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Settings settings(Map<String, String> environment) {
        Map<String, String> flags = new HashMap<>();
        flags.put("host", host);
        flags.put("port", port);
        flags.put("backend-store-uri", backendStoreUri);
        flags.put("artifacts-destination", artifactsDestination);
        return Settings.of(flags, environment, resolveConfigFile(environment), ServerConfig.DEFAULTS);
    }

    private Path resolveConfigFile(Map<String, String> environment) {
        if (configFile != null) {
            return configFile;
        }
        String fromEnv = environment.get("MLOPS4J_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path local = Path.of(DEFAULT_CONFIG_FILE);
        return Files.isRegularFile(local) ? local : null;
    }
}
