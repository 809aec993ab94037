package org.mlops4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mlops4j.data.Table;
import org.mlops4j.data.io.TableReader;

/** The repository's datasets (data/ at the repository root), read through the data module's reader. */
public final class TestData {
    public static final Path ROOT = locate();
    public static final Path CREDIT_TRAIN = ROOT.resolve("german-credit/german_credit_data_biased_training.csv");
    public static final Path CREDIT_TEST = ROOT.resolve("german-credit/credit_risk_test_data.csv");
    public static final Path WINE_RED = ROOT.resolve("wine-quality/winequality-red.csv");

    private TestData() {
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path data = dir.resolve("data/german-credit");
            if (Files.isDirectory(data)) {
                return dir.resolve("data");
            }
        }
        throw new IllegalStateException("cannot find the repository's data/ directory");
    }

    public static Table creditTrain() {
        return TableReader.read(CREDIT_TRAIN);
    }

    public static Table creditTest() {
        return TableReader.read(CREDIT_TEST);
    }

    public static Table wine() {
        return TableReader.read(WINE_RED);
    }
}
