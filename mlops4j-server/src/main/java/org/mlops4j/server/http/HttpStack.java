package org.mlops4j.server.http;

import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;

/**
 * The HTTP settings every mlops4j server shares (the platform, the standalone scoring server, and
 * the benchmark's constant route that stands for their ceiling).
 */
public final class HttpStack {
    /**
     * The buffer Javalin copies each response's result through. Javalin allocates it anew for every
     * response, 32 KB by default (Jetty's output buffer size), and the JVM zeroes it: at 20,000
     * scored requests a second that was over half of what a request allocated (about 65 KB, a young
     * collection every 0.13 s) for answers of a few hundred bytes. Jetty's own output buffer, which
     * gathers small writes into large socket writes, keeps its size; only a large result is copied
     * in more steps.
     */
    public static final int RESPONSE_COPY_BYTES = 4096;

    private HttpStack() {
    }

    public static void apply(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.http.responseBufferSize = RESPONSE_COPY_BYTES;
        // No response compression, as MLflow's own servers: its clients ask for gzip, and
        // compressing a 160 kB page of runs took 4 ms (at level 1 as at 6), as long as the whole
        // search. Across a slow network, a reverse proxy in front can compress.
        config.http.compressionStrategy = CompressionStrategy.NONE;
    }
}
