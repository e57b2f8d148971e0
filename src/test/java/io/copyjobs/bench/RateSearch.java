package io.copyjobs.bench;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The highest rate an {@link OpenLoop} holds with p99 ≤ 100 ms and no error. Short probes start
 * from a guess, rise by a quarter while they hold and fall by a fifth while they do not; once a
 * rate held and a higher one failed, they bisect that bracket (geometric mean) until it is
 * within 10 %. Then one long run confirms the best rate that held; if it does not hold, one more
 * a fifth lower (a minute holds more of the rare stalls than 10 s, so its p99 is often higher). A probe is short so that the search fits in a bench run; only the long run counts.
 */
final class RateSearch {
    static final Duration P99 = Duration.ofMillis(100);
    /** Unmeasured first second of each run: the client opens its connections as in-flight requests grow. */
    static final Duration LEAD_IN = Duration.ofSeconds(1);
    static final Duration PROBE = Duration.ofSeconds(10);
    static final int PROBES = 7;
    static final int CONFIRMATIONS = 2;
    private final OpenLoop load;
    private final int expectedStatus;
    private final Function<HttpClient, Request> requests;

    RateSearch(OpenLoop load, int expectedStatus, Function<HttpClient, Request> requests) {
        this.load = load;
        this.expectedStatus = expectedStatus;
        this.requests = requests;
    }

    /** The probes in the order run, and the confirming runs: the last holds, or none did. */
    record Outcome(List<OpenLoop.Step> probes, List<OpenLoop.Step> confirmations) {
        Optional<OpenLoop.Step> sustained() {
            return confirmations.stream().filter(s -> s.holds(P99)).findFirst();
        }

        double highestProbed() {
            return probes.stream().mapToDouble(OpenLoop.Step::rate).max().orElseThrow();
        }

        /** "rate: p99, errors, held or not" per probe, in the order run. */
        String probeSummary() {
            return probes.stream().map(s -> String.format(Locale.ROOT, "%.0f/s p99 %.1f ms, %d errors, %d late %s", s.rate(),
                    s.latency().getValueAtPercentile(99) / 1e6, s.errors(), s.late(), s.holds(P99) ? "(holds)" : "(fails)"))
                    .collect(Collectors.joining("; "));
        }
    }

    Outcome search(double guess, Duration confirm) throws InterruptedException {
        List<OpenLoop.Step> probes = new ArrayList<>();
        double held = 0;
        double failed = Double.POSITIVE_INFINITY;
        for (double rate = Math.round(guess); probes.size() < PROBES && failed / held > 1.1; rate = next(held, failed)) {
            OpenLoop.Step s = step("probe " + (probes.size() + 1), rate, PROBE);
            probes.add(s);
            if (s.holds(P99)) {
                held = rate;
            } else {
                failed = rate;
            }
        }
        List<OpenLoop.Step> confirmations = new ArrayList<>();
        for (double rate = held; rate > 0 && confirmations.size() < CONFIRMATIONS; rate = Math.round(rate * 0.8)) {
            OpenLoop.Step s = step("confirmation", rate, confirm);
            confirmations.add(s);
            if (s.holds(P99)) {
                break;
            }
        }
        return new Outcome(probes, confirmations);
    }

    private OpenLoop.Step step(String name, double rate, Duration duration) throws InterruptedException {
        OpenLoop.Step s = load.run(rate, LEAD_IN, duration, expectedStatus, requests);
        System.out.println("open loop " + name + ": " + s.describe() + (s.holds(P99) ? " — holds" : " — fails"));
        return s;
    }

    /** Up while nothing failed, down while nothing held, else halfway (geometrically) in between. */
    static double next(double held, double failed) {
        if (failed == Double.POSITIVE_INFINITY) {
            return Math.round(held * 1.25);
        }
        if (held == 0) {
            return Math.round(failed * 0.8);
        }
        return Math.round(Math.sqrt(held * failed));
    }
}
