package org.mlops4j.tracking;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Friendly generated run names ("brave-owl-417"), as MLflow gives runs created without one. */
final class RunNames {
    private static final List<String> ADJECTIVES = List.of("able", "bold", "brave", "bright", "calm", "clever", "crisp",
            "eager", "fair", "gentle", "glad", "keen", "kind", "lucid", "merry", "nimble", "proud", "quick", "sharp",
            "steady", "swift", "tidy", "vivid", "wise");
    private static final List<String> NOUNS = List.of("ant", "bear", "crane", "deer", "eagle", "finch", "fox", "hare",
            "heron", "ibis", "lark", "lynx", "mole", "newt", "otter", "owl", "panda", "quail", "seal", "stork", "swan",
            "trout", "wolf", "wren");

    private RunNames() {
    }

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size())) + "-"
                + random.nextInt(1000);
    }
}
