package org.mlops4j.serving.route;

import java.util.concurrent.ThreadLocalRandom;

/**
 * An endpoint's loaded state: the models behind it and the configuration they came from.
 * Immutable, so a swap is one reference write and a request sees one whole state.
 */
public record Routing(EndpointConfig config, LoadedModel primary, LoadedModel canary, LoadedModel shadow) {

    /** Which model answers this request: the canary for its share of the traffic, else the primary. */
    public Answering choose() {
        if (canary != null && ThreadLocalRandom.current().nextDouble() < config.canaryShare()) {
            return new Answering(canary, "canary");
        }
        return new Answering(primary, "primary");
    }

    public record Answering(LoadedModel model, String traffic) {
    }
}
