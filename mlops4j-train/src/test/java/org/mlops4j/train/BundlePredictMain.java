package org.mlops4j.train;

import java.nio.file.Path;
import org.mlops4j.data.io.TableReader;
import org.mlops4j.train.predict.Predictions;
import org.mlops4j.train.predict.Predictor;

/** Run in a fresh JVM by FreshJvmTest: loads a bundle, predicts a CSV file, prints one line per row. */
public final class BundlePredictMain {
    private BundlePredictMain() {
    }

    public static void main(String[] args) {
        try (Predictor predictor = Predictor.load(Path.of(args[0]))) {
            Predictions p = predictor.predict(TableReader.read(Path.of(args[1])));
            StringBuilder out = new StringBuilder();
            for (int r = 0; r < p.size(); r++) {
                out.append(p.task().isClassification() ? p.label(r) + "," + p.probability(r, 1) : p.value(r)).append('\n');
            }
            System.out.print(out);
        }
    }
}
