package org.mlops4j.server;

import org.mlops4j.store.outbox.OutboxEvent;

/** An event as one line of text, for tests that compare what subscribers saw. */
public final class EventLine {
    private EventLine() {
    }

    public static String of(OutboxEvent event) {
        return event.id() + " " + event.aggregate() + " " + event.type() + " " + event.payload();
    }

    public static long id(String line) {
        return Long.parseLong(line.substring(0, line.indexOf(' ')));
    }
}
