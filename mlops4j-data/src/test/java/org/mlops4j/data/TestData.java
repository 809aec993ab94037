package org.mlops4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.mlops4j.core.Json;

/** Paths to the datasets shipped in the repository's {@code data/} folder and to test resources. */
public final class TestData {
    public static final Path DATA = Path.of("..", "data");
    public static final Path TRAINING = DATA.resolve("german-credit/german_credit_data_biased_training.csv");
    public static final Path TEST_CSV = DATA.resolve("german-credit/credit_risk_test_data.csv");
    public static final Path FEED = DATA.resolve("german-credit/german_credit_feed.json");
    public static final Path FEEDBACK = DATA.resolve("german-credit/additional_feedback_data_v2.json");
    public static final Path UCI = DATA.resolve("uci-german-credit/german.data");
    public static final Path RED_WINE = DATA.resolve("wine-quality/winequality-red.csv");
    public static final Path WHITE_WINE = DATA.resolve("wine-quality/wine-quality.csv");
    public static final Path UCI_NUMERIC = Path.of("src", "test", "resources", "uci", "german.data-numeric");
    public static final Path PARQUET = Path.of("src", "test", "resources", "parquet");

    private TestData() {
    }

    /** A JSON test resource as a tree. */
    public static JsonNode json(String resource) {
        try (InputStream in = TestData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    public static String[] strings(JsonNode array) {
        String[] values = new String[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asText();
        }
        return values;
    }
}
