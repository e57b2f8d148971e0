package io.copyjobs.cluster;

import io.copyjobs.metrics.Metrics;
import io.copyjobs.service.JobReader;
import org.apache.kafka.streams.state.HostInfo;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends a read to the node that can answer it (SPEC §6): this one when it holds the key's active
 * copy; else the active node, forwarded once; and when that node does not answer (refused,
 * timed out, or itself unavailable), at once the standby replicas, this node's first. While no
 * node holds the key (a rebalance), it tries again until a short deadline, then answers
 * CJ_E_UNAVAILABLE. Retries are scheduled, never slept, so no request thread waits. Every read
 * ends as an {@link Answer}: this node's own, a peer's relayed, or CJ_E_UNAVAILABLE.
 */
public final class Router {
    /** How long a read waits for a key that no node can serve yet. */
    static final Duration DEADLINE = Duration.ofSeconds(3);
    static final Duration RETRY_DELAY = Duration.ofMillis(50);
    /** Room beyond the deadline for the last attempt's peer request to finish. */
    static final Duration OVERALL_SLACK = Duration.ofSeconds(2);

    private final Locator locator;
    private final Peers peers;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Metrics metrics;

    public Router(Locator locator, Peers peers, ScheduledExecutorService scheduler, Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.locator = locator;
        this.peers = peers;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Routes one read.
     *
     * @param locate       where the key lives, asked anew on every attempt
     * @param local        reads this node's copy; its argument says whether a standby copy will do
     * @param pathAndQuery what to ask a peer for, with the caller's {@code headers}
     */
    public <T> CompletableFuture<Answer<T>> route(Supplier<Placement.Location> locate, Function<Boolean, Answer<T>> local,
                                                  String pathAndQuery, Map<String, String> headers) {
        CompletableFuture<Answer<T>> answer = new CompletableFuture<>();
        new Attempt<>(locate, local, pathAndQuery, headers, clock.millis() + DEADLINE.toMillis(), answer).start();
        return bounded(answer);
    }

    /** Reads this node's copy only, active or standby: the receiving end of a forwarded read. */
    public <T> CompletableFuture<Answer<T>> here(Function<Boolean, Answer<T>> local) {
        CompletableFuture<Answer<T>> answer = new CompletableFuture<>();
        new Attempt<>(Placement.Location::unknown, local, null, Map.of(), clock.millis() + DEADLINE.toMillis(), answer)
                .readHereUntilDeadline();
        return bounded(answer);
    }

    /**
     * An overall deadline, whatever a step waits on (a peer, a store): the caller gets
     * CJ_E_UNAVAILABLE rather than an answer that never comes.
     */
    private static <T> CompletableFuture<Answer<T>> bounded(CompletableFuture<Answer<T>> answer) {
        return answer.completeOnTimeout(Answer.unavailable("no node answered for this key in time"),
                DEADLINE.plus(OVERALL_SLACK).toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks every other node for its share of a fleet-wide read (all users' jobs). Fails with
     * {@link Peers.Unreachable} when one of them does not answer: a list with a gap would be wrong.
     */
    public CompletableFuture<List<Peers.Relayed>> askOthers(String pathAndQuery, Map<String, String> headers) {
        List<CompletableFuture<Peers.Relayed>> asks = locator.allHosts().stream()
                .filter(h -> !h.equals(locator.self()))
                .map(h -> peers.get(h, pathAndQuery, headers)).toList();
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                .thenApply(done -> asks.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Asks every other node the same, tolerating the ones that do not answer (they are missing
     * from the result): for views where a gap is information, not an error.
     */
    public CompletableFuture<Map<String, Peers.Relayed>> askEach(String pathAndQuery, Map<String, String> headers) {
        Map<String, CompletableFuture<Peers.Relayed>> asks = new LinkedHashMap<>();
        locator.allHosts().stream().filter(h -> !h.equals(locator.self()))
                .forEach(h -> asks.put(Placement.name(h), peers.get(h, pathAndQuery, headers)
                        .exceptionally(error -> null)));
        return CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, Peers.Relayed> answers = new LinkedHashMap<>();
            asks.forEach((name, f) -> answers.put(name, f.join()));
            return answers;
        });
    }

    private final class Attempt<T> {
        private final Supplier<Placement.Location> locate;
        private final Function<Boolean, Answer<T>> local;
        private final String pathAndQuery;
        private final Map<String, String> headers;
        private final long deadline;
        private final CompletableFuture<Answer<T>> answer;

        Attempt(Supplier<Placement.Location> locate, Function<Boolean, Answer<T>> local, String pathAndQuery,
                Map<String, String> headers, long deadline, CompletableFuture<Answer<T>> answer) {
            this.locate = locate;
            this.local = local;
            this.pathAndQuery = pathAndQuery;
            this.headers = headers;
            this.deadline = deadline;
            this.answer = answer;
        }

        void start() {
            Placement.Location where = locate.get();
            if (!where.known()) {
                lastResort("no node holds this key yet (rebalancing)");
                return;
            }
            tryHost(order(where.hosts()), 0, where.hosts().get(0));
        }

        /**
         * Nobody else answered: this node's own copy, if any, even a standby or a restoring
         * active (marked stale), before waiting and asking again.
         */
        private void lastResort(String why) {
            try {
                answer.complete(local.apply(true));
            } catch (JobReader.StoreUnavailableException e) {
                later(this::start, why);
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }

        /** The active host, then this node if it keeps a standby copy, then the other standbys. */
        private List<HostInfo> order(List<HostInfo> hosts) {
            List<HostInfo> order = new ArrayList<>(List.of(hosts.get(0)));
            List<HostInfo> standbys = hosts.subList(1, hosts.size());
            if (standbys.contains(locator.self())) {
                order.add(locator.self());
            }
            standbys.stream().filter(h -> !h.equals(locator.self())).forEach(order::add);
            return order;
        }

        private void tryHost(List<HostInfo> order, int i, HostInfo active) {
            if (i >= order.size()) {
                lastResort("no node holding this key answered");
                return;
            }
            HostInfo host = order.get(i);
            if (host.equals(locator.self())) {
                try {
                    answer.complete(local.apply(!host.equals(active)));
                } catch (JobReader.StoreUnavailableException e) {
                    tryHost(order, i + 1, active);
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
                return;
            }
            peers.get(host, pathAndQuery, headers).whenComplete((relayed, error) -> {
                if (error != null && Peers.isUnreachable(error) || error == null && relayed.status() == 503) {
                    metrics.forwardError(error != null ? "unreachable" : "unavailable");
                    tryHost(order, i + 1, active);
                } else if (error != null) {
                    answer.completeExceptionally(error);
                } else {
                    answer.complete(new Answer.Relayed<>(relayed));
                }
            });
        }

        void readHereUntilDeadline() {
            try {
                answer.complete(local.apply(true));
            } catch (JobReader.StoreUnavailableException e) {
                later(this::readHereUntilDeadline, e.getMessage());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }

        private void later(Runnable again, String why) {
            if (clock.millis() + RETRY_DELAY.toMillis() > deadline) {
                answer.complete(Answer.unavailable(why));
            } else {
                scheduler.schedule(again, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
