package org.mlops4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.mlops4j.cli.demo.LoanApprovalDemo;
import org.mlops4j.core.FileTrees;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the Smart Approval loan lifecycle end to end on embedded defaults: register and validate "
                + "the German credit data, train candidates, register the best with its model card, approve it, make "
                + "it @champion, serve it, score the 19,000-record feed over HTTP, store the feedback, and leave the "
                + "server running to explore.",
                "",
                "Each run starts from a fresh workspace (deleted first) unless --keep is given."})
final class DemoCommand implements Runnable {
    @Option(names = "--workspace", description = "Where the demo keeps its database and files (default: ./mlops4j-demo).")
    Path workspace = Path.of("mlops4j-demo");

    @Option(names = "--keep", description = "Reuse the workspace of an earlier run instead of starting fresh.")
    boolean keep;

    @Option(names = "--port", description = "Port of the server the demo starts (default: 5000; 0 picks a free one).")
    int port = 5000;

    @Option(names = "--data", description = "Folder with the German credit files (default: data/german-credit under "
            + "the installation, else ./data/german-credit).")
    Path data;

    @Option(names = "--exit", description = "Stop the server when done instead of leaving it running.")
    boolean exit;

    @Override
    public void run() {
        try {
            if (!keep && Files.exists(workspace)) {
                FileTrees.delete(workspace);
            }
            LoanApprovalDemo demo = new LoanApprovalDemo(workspace, dataDirectory(), port, System.out);
            long start = System.nanoTime();
            demo.run();
            System.out.printf("Done in %.1f s.%n", (System.nanoTime() - start) / 1e9);
            if (exit) {
                demo.close();
                return;
            }
            System.out.println("The server keeps running; press Ctrl+C to stop it.");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                demo.close();
                stopped.countDown();
            }));
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the demo failed: " + e.getMessage(), e);
        }
    }

    private Path dataDirectory() {
        if (data != null) {
            return data;
        }
        String home = System.getProperty("mlops4j.home");
        if (home != null && Files.isDirectory(Path.of(home, "data", "german-credit"))) {
            return Path.of(home, "data", "german-credit");
        }
        return Path.of("data", "german-credit");
    }

}
