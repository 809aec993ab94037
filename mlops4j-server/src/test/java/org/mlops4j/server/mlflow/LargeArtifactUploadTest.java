package org.mlops4j.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.server.ChildServer;
import org.mlops4j.testkit.TestDatabases;

/**
 * A 2 GiB upload streams through a server whose heap is capped at 128 MiB: had any layer buffered
 * the body, the server would have died of OutOfMemoryError.
 */
class LargeArtifactUploadTest {
    private static final long SIZE = 2L * 1024 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void upload2GiB_throughSmallHeapServer_arrivesByteExact() throws Exception {
        try (ChildServer server = ChildServer.start(List.of("-Xmx128m"), TestDatabases.newSqliteUri(dir),
                dir.resolve("artifacts").toString())) {
            HttpClient http = HttpClient.newHttpClient();
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            HttpRequest upload = HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow-artifacts/artifacts/big/blob.bin"))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new DigestInputStream(new PatternStream(SIZE), sent)))
                    .build();
            HttpResponse<String> put = http.send(upload, HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(server.isAlive()).isTrue();

            HttpResponse<InputStream> get = http.send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/2.0/mlflow-artifacts/artifacts/big/blob.bin")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long count;
            try (InputStream body = new DigestInputStream(get.body(), received)) {
                count = body.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(count).isEqualTo(SIZE);
            assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        }
    }

    /** Deterministic non-repeating-looking bytes, generated on the fly. */
    private static final class PatternStream extends InputStream {
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            return (int) ((position++ * 2654435761L) >>> 24) & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((position++ * 2654435761L) >>> 24);
            }
            return n;
        }
    }
}
