package io.copyjobs.metrics;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobState;
import io.copyjobs.job.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * The node's meters, made once here and handed to the parts that record them. Every copyjobs
 * meter starts with {@code copyjobs}; tags never hold job ids, owners or tokens (SPEC §4), only
 * closed sets: route templates, methods, statuses, operations, codes, states.
 */
public final class Metrics implements AutoCloseable {
    /** The operations callers send through the API (SPEC §2), the operation tag of the commands counter. */
    static final List<String> CLIENT_OPERATIONS = Arrays.stream(Operation.values())
            .filter(op -> op.sender() != Operation.Sender.ENGINE).map(Operation::wireName).toList();
    /** How a read was served, but for {@code forwarded_<status>}, which is made when a peer answers with one. */
    static final List<String> SERVED_BY = List.of("local", "standby", "forwarded", "unavailable");
    static final List<String> FORWARD_ERRORS = List.of("unreachable", "unavailable");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Meter.MeterProvider<Timer> http;
    private final Meter.MeterProvider<Counter> commands;
    private final Meter.MeterProvider<Timer> lookups;
    private final Meter.MeterProvider<Counter> forwardErrors;
    private final TransferMeters transfers;
    /**
     * The timers of the two meters recorded on every request, by their tags: finding one through
     * its provider builds and sorts its tags and looks up its id each time, which JFR showed as
     * 2 % of a GetJob. The tag sets are closed, so these stay small.
     */
    private final Map<HttpTags, Timer> httpTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> lookupTimers = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private KafkaStreamsMetrics streamsMetrics;

    public Metrics() {
        // Before any binder: a denied meter is never made, so it costs neither memory nor scrape time.
        registry.config().meterFilter(KafkaMeters.filter());
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        http = Timer.builder("copyjobs.http.requests").description("HTTP requests by route template, method and status")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(30)).withRegistry(registry);
        commands = Counter.builder("copyjobs.commands")
                .description("Commands this node sent, by operation and outcome (applied, unchanged or the code)")
                .withRegistry(registry);
        lookups = Timer.builder("copyjobs.lookups")
                .description("GetJob and EnumJobs reads by how they were served: local, standby, forwarded, unavailable")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(10)).withRegistry(registry);
        forwardErrors = Counter.builder("copyjobs.forward.errors")
                .description("Reads a peer did not answer (unreachable) or could not serve (unavailable)")
                .withRegistry(registry);
        transfers = new TransferMeters(registry);
        registerClosedSets();
    }

    /** The meters the transfer engine and the content cache record. */
    public TransferMeters transfers() {
        return transfers;
    }

    /**
     * Every series of a closed set of tags, at 0 from the start: a dashboard panel of rejections or
     * forward errors shows a flat 0 rather than "No data", and {@code rate()} sees the first one.
     */
    private void registerClosedSets() {
        for (String operation : CLIENT_OPERATIONS) {
            commandOutcomes().forEach(outcome -> commands.withTags("operation", operation, "outcome", outcome));
        }
        SERVED_BY.forEach(servedBy -> lookupTimers.computeIfAbsent(servedBy, s -> lookups.withTags("served_by", s)));
        FORWARD_ERRORS.forEach(reason -> forwardErrors.withTags("reason", reason));
    }

    /**
     * The outcome tag of a command: applied, unchanged (the outcome's status), or the code that
     * rejected it; a job's transfer error codes reject no command.
     */
    static List<String> commandOutcomes() {
        List<String> outcomes = new ArrayList<>(List.of("applied", "unchanged"));
        for (ErrorCode code : ErrorCode.values()) {
            if (code.answers()) {
                outcomes.add(code.name());
            }
        }
        return outcomes;
    }

    private record HttpTags(String method, String route, int status) {
    }

    public void httpRequest(String method, String route, int status, long nanos) {
        httpTimers.computeIfAbsent(new HttpTags(method, route, status), t -> http.withTags("method", t.method(),
                "route", t.route(), "status", Integer.toString(t.status()))).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void command(String operation, String outcome) {
        commands.withTags("operation", operation, "outcome", outcome).increment();
    }

    public void lookup(String servedBy, long nanos) {
        lookupTimers.computeIfAbsent(servedBy, s -> lookups.withTags("served_by", s)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void forwardError(String reason) {
        forwardErrors.withTags("reason", reason).increment();
    }

    /** One gauge per state: jobs of this node's active partitions, read from the job step's counts. */
    public void jobsByState(ToLongFunction<JobState> count) {
        for (JobState state : JobState.values()) {
            Gauge.builder("copyjobs.jobs", () -> count.applyAsLong(state))
                    .description("Jobs per state in the partitions this node holds as active")
                    .tag("state", state.name()).register(registry);
        }
    }

    /** Commands awaiting their outcome on this node. */
    public void pendingCommands(IntSupplier pending) {
        Gauge.builder("copyjobs.commands.pending", pending::getAsInt)
                .description("Commands sent by this node whose outcome has not arrived yet").register(registry);
    }

    /** Server-Sent Event streams open on this node. */
    public void openStreams(IntSupplier open) {
        Gauge.builder("copyjobs.sse.streams", open::getAsInt)
                .description("Event streams (GET /v1/jobs/{id}/events) open on this node").register(registry);
    }

    public void bindStreams(KafkaStreams streams) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        Gauge.builder("copyjobs.streams.state", () -> streams.state().ordinal())
                .description("Kafka Streams state of this node (ordinal of KafkaStreams.State; RUNNING is "
                        + KafkaStreams.State.RUNNING.ordinal() + ")").register(registry);
    }

    public void bindProducer(Producer<?, ?> producer) {
        new KafkaClientMetrics(producer).bindTo(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        registry.close();
    }
}
