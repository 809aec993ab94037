package org.mlops4j.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.mlops4j.core.config.Settings;
import org.mlops4j.server.ScoringServer;
import org.mlops4j.server.ServerConfig;
import org.mlops4j.serving.bundle.BundleLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a standalone scoring server for one model: MLflow's /invocations, /ping, /health, /version, "
                + "the Open Inference Protocol v2 (/v2/...) and /metrics, at the root.",
                "",
                "This is the unit a container or a Kubernetes replica runs. It reads models:/ references and "
                        + "writes payloads through the platform's database and artifact store (same settings and "
                        + "environment variables as 'mlops4j server'), and follows a moved alias."})
final class ServeCommand implements Runnable {
    @Option(names = "--model", required = true, description = "models:/name@alias, models:/name/<version>, "
            + "models:/name/latest, or a bundle directory.")
    String model;

    @Option(names = "--host", description = "Address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on (default: 5000; 0 picks a free port).")
    String port;

    @Option(names = "--backend-store-uri", description = "Metadata database (default: sqlite:///mlruns.db).")
    String backendStoreUri;

    @Option(names = "--artifacts-destination", description = "Artifact storage (default: ./mlartifacts).")
    String artifactsDestination;

    @Option(names = "--payload-dir", description = "Payload journal directory (default: ./mlpayloads).")
    String payloadDir;

    @Override
    public void run() {
        Map<String, String> flags = new HashMap<>();
        flags.put("host", host);
        flags.put("port", port);
        flags.put("backend-store-uri", backendStoreUri);
        flags.put("artifacts-destination", artifactsDestination);
        flags.put("payload-dir", payloadDir);
        ServerConfig config = ServerConfig.from(Settings.of(flags, System.getenv(), null, ServerConfig.DEFAULTS));
        ScoringServer server = ScoringServer.start(model, config, BundleLoader::new);
        System.out.println("scoring " + model + " on http://" + config.host() + ":" + server.port() + "/invocations");
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
}
