package org.mlops4j.serving.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import org.mlops4j.serving.payload.PayloadLoader;
import org.mlops4j.serving.payload.PayloadLog;

/**
 * Serving's Prometheus metrics, in a registry of their own: requests and errors by status code,
 * latency histograms per endpoint and model version, requests in flight, payload-log queue depth,
 * written and dropped records, and shadow outcomes. Thread-safe.
 */
public final class ServingMetrics {
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("mlops4j_serving_requests_total")
            .help("Scoring requests by endpoint, model version and HTTP status").labelNames("endpoint", "model_version", "code")
            .register(registry);
    private final Histogram latency = Histogram.builder().name("mlops4j_serving_request_duration_seconds")
            .help("Scoring request latency, from receipt to answer").labelNames("endpoint", "model_version")
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    private final Gauge inFlight = Gauge.builder().name("mlops4j_serving_in_flight_requests")
            .help("Scoring requests being processed").labelNames("endpoint").register(registry);
    private final Counter shadow = Counter.builder().name("mlops4j_serving_shadow_requests_total")
            .help("Requests mirrored to shadow models, by outcome").labelNames("endpoint", "outcome").register(registry);

    public ServingMetrics(PayloadLog payloads) {
        this(payloads, null);
    }

    /** With the loader's counts of corrupt journal lines and unreadable stored records, when this process runs one. */
    public ServingMetrics(PayloadLog payloads, PayloadLoader loader) {
        if (loader != null) {
            CounterWithCallback.builder().name("mlops4j_payload_records_corrupt")
                    .help("Journal lines that could not be read, skipped by the loader and kept under corrupt/")
                    .callback(cb -> cb.call(loader.corruptCount())).register(registry);
            CounterWithCallback.builder().name("mlops4j_payload_records_unreadable")
                    .help("Stored payload records that reads skipped: lines that could not be decoded, batches whose segment is gone")
                    .callback(cb -> cb.call(loader.unreadableCount())).register(registry);
            CounterWithCallback.builder().name("mlops4j_payload_records_expired")
                    .help("Stored payload records deleted by retention (payload-retention-days)")
                    .callback(cb -> cb.call(loader.expiredCount())).register(registry);
        }
        if (payloads != null) {
            GaugeWithCallback.builder().name("mlops4j_payload_queue_depth").help("Payload records journaled, not yet catalogued in the payload store (the bounded queue)")
                    .callback(cb -> cb.call(payloads.queueDepth())).register(registry);
            CounterWithCallback.builder().name("mlops4j_payload_records_written").help("Payload records journaled")
                    .callback(cb -> cb.call(payloads.writtenCount())).register(registry);
            CounterWithCallback.builder().name("mlops4j_payload_records_dropped")
                    .help("Payload records dropped by the sample policy when the queue was full")
                    .callback(cb -> cb.call(payloads.droppedCount())).register(registry);
        }
    }

    public void started(String endpoint) {
        inFlight.labelValues(endpoint).inc();
    }

    /** Records a finished request; {@code modelVersion} is "none" when it failed before a model was chosen. */
    public void finished(String endpoint, String modelVersion, int status, double seconds) {
        inFlight.labelValues(endpoint).dec();
        requests.labelValues(endpoint, modelVersion, Integer.toString(status)).inc();
        latency.labelValues(endpoint, modelVersion).observe(seconds);
    }

    public void shadowScored(String endpoint, boolean ok) {
        shadow.labelValues(endpoint, ok ? "ok" : "error").inc();
    }

    /** Writes every metric in Prometheus text format. */
    public void write(OutputStream out) throws IOException {
        new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    }
}
