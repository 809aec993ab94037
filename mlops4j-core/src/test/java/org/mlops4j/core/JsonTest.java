package org.mlops4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTest {
    /** Metric values must come back bit for bit: the fast number parser has to round as the JDK does. */
    @Test
    void decimalNumbersParseToTheSameDoubleAsTheJdk() throws Exception {
        String[] tricky = {"0.1", "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9e-324", "1e-400",
                "1.7976931348623157e308", "9007199254740993", "0.30000000000000004", "123456789012345678901234567890e-20",
                "-0.0", "1e23", "8.41e21", "5e-324", "2.4703282292062328e-324"};
        for (String text : tricky) {
            assertThat(Double.doubleToRawLongBits(Json.mapper().readTree("[" + text + "]").get(0).doubleValue()))
                    .as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder array = new StringBuilder("[");
        double[] expected = new double[20_000];
        for (int i = 0; i < expected.length; i++) {
            double d;
            do {
                d = Double.longBitsToDouble(random.nextLong());
            } while (Double.isNaN(d) || Double.isInfinite(d));
            expected[i] = d;
            // Shortest form and a 17-digit form: both must land on the same double.
            array.append(i > 0 ? "," : "").append(i % 2 == 0 ? Double.toString(d) : String.format("%.16e", d));
        }
        JsonNode parsed = Json.mapper().readTree(array.append(']').toString());
        for (int i = 0; i < expected.length; i++) {
            assertThat(parsed.get(i).doubleValue()).as("value %d", i).isEqualTo(expected[i]);
        }
    }

    @Test
    void nonNumericNumbersStillParse() throws Exception {
        JsonNode parsed = Json.mapper().readTree("[NaN, Infinity, -Infinity]");
        assertThat(parsed.get(0).doubleValue()).isNaN();
        assertThat(parsed.get(1).doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parsed.get(2).doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}
