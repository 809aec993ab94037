package org.mlops4j.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.server.HttpTestClient;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.ServerConfig;
import org.mlops4j.serving.ThresholdModel;
import org.mlops4j.testkit.TestDatabases;

/** The platform server keeps its payload ring where {@code payload-ring-dir} says, e.g. on a volume. */
class PayloadRingDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void theServer_keepsItsRingInTheGivenDirectory_untilItCloses() throws Exception {
        ServerConfig defaults = new ServerConfig("127.0.0.1", 0, TestDatabases.newSqliteUri(dir), dir.resolve("artifacts").toString());
        Path rings = dir.resolve("volume");
        ServerConfig config = new ServerConfig(defaults.host(), 0, defaults.backendStoreUri(), defaults.artifactsDestination(),
                defaults.registryPolicy(), defaults.payloadDirectory(), defaults.payloadOverflow(),
                defaults.payloadQueueCapacity(), rings, 0);
        try (MlopsServer server = MlopsServer.start(config, (registry, artifacts) -> ThresholdModel.loader())) {
            HttpTestClient client = new HttpTestClient(server.url());
            assertThat(client.get("/health").status()).isEqualTo(200);
            try (Stream<Path> files = Files.list(rings)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).singleElement()
                        .satisfies(name -> assertThat(name).startsWith("mlops4j-payload-").endsWith(".ring"));
            }
        }
        try (Stream<Path> files = Files.list(rings)) {
            assertThat(files).as("a clean close deletes the ring").isEmpty();
        }
    }
}
