package org.mlops4j.bench.serving;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mlops4j.cli.demo.LoanApprovalDemo;
import org.mlops4j.core.FileTrees;
import org.mlops4j.server.http.HttpStack;

/**
 * Starts what bench/serving.sh measures with wrk: the German credit champion (trained, approved
 * and served by the demo) on an endpoint with payload logging and on one without, plus a constant
 * "hello" route on the same HTTP stack (Javalin on Jetty), the ceiling. Prints
 * {@code READY <server-port> <hello-port>} and runs until killed.
 */
public final class ServingBenchServer {
    private ServingBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path workspace = Files.createTempDirectory("mlops4j-serving-bench");
        Path data = Path.of(args.length > 0 ? args[0] : "data/german-credit");
        LoanApprovalDemo demo = new LoanApprovalDemo(workspace, data, 0, new PrintStream(System.err, true));
        String url = demo.run().url();
        HttpResponse<String> deployed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                        + "/api/2.0/mlops4j/endpoints/deploy")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"credit-risk-nolog\",\"model\":"
                        + "\"models:/credit-risk@champion\",\"unknown_categories\":\"ALLOW\",\"payload_logging\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (deployed.statusCode() != 200) {
            throw new IllegalStateException(deployed.body());
        }
        byte[] constant = "{\"predictions\":[\"No Risk\"]}".getBytes();
        Javalin hello = Javalin.create(c -> {
            HttpStack.apply(c); // the servers' own settings: the ceiling of the same stack
            c.routes.post("/hello", ctx -> ctx.contentType("application/json").result(constant));
        }).start("127.0.0.1", 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // the script stops it with SIGTERM
            hello.stop();
            demo.close(); // closes the payload log, which deletes its ring in /dev/shm
            try {
                FileTrees.delete(workspace); // a run journals gigabytes of payloads
            } catch (IOException e) {
                System.err.println("could not delete the benchmark's workspace " + workspace + ": " + e);
            }
        }));
        System.out.println("READY " + url.substring(url.lastIndexOf(':') + 1) + " " + hello.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
