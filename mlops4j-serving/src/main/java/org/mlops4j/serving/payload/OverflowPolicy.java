package org.mlops4j.serving.payload;

/** What the payload log does when its queue is full. Either way it is counted. */
public enum OverflowPolicy {
    /** The request waits for room: nothing is lost, latency grows under overload. */
    BLOCK,
    /** The records are dropped (and counted): latency is kept, the log becomes a sample. */
    SAMPLE
}
