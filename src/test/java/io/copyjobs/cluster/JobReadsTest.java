package io.copyjobs.cluster;

import com.sun.net.httpserver.HttpServer;
import io.copyjobs.job.Actor;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobState;
import io.copyjobs.job.Rejection;
import io.copyjobs.json.JobDocument;
import io.copyjobs.metrics.Metrics;
import io.copyjobs.service.JobService;
import io.copyjobs.service.Result;
import io.copyjobs.testing.FixedLocator;
import io.copyjobs.testing.MemoryJobStore;
import io.copyjobs.testing.MemoryJobStore.Copy;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read path's fallback order and deadlines, with the real router and peer client against a
 * real HTTP server as the other node; only this node's store is in memory.
 */
class JobReadsTest {
    /** Never asked over the network: this node reads its own store. */
    static final HostInfo SELF = new HostInfo("127.0.0.1", 1);
    static final Map<String, String> HEADERS = Map.of("Authorization", "Bearer alice-token", "X-Request-Id", "r-1");
    /** Far beyond any bound below: how a test tells "abandoned" from "the peer timed out". */
    static final Duration GENEROUS = Duration.ofSeconds(60);

    final Job job = Job.create(JobId.random(), "alice", new JobSpec("report", null, null, null, null, null, null, null),
            Instant.now());
    final JobDocument document = JobDocument.of(job);
    final MemoryJobStore store = new MemoryJobStore(Set.of()).put(job);
    final Peer peer = new Peer();
    final Metrics metrics = new Metrics();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final JobReads.Caller alice = new JobReads.Caller(new Actor("alice", false), false, () -> HEADERS);
    Peers peers;

    @AfterEach
    void close() {
        peer.close();
        if (peers != null) {
            peers.close();
        }
        scheduler.shutdownNow();
        metrics.close();
    }

    /** The read path of a node that finds every key on {@code hosts} (the active first). */
    JobReads reads(Duration peerTimeout, HostInfo... hosts) {
        peers = new Peers("http", SELF, Duration.ofSeconds(1), peerTimeout,
                NodeProof.from("a-secret-every-node-of-the-cluster-shares".getBytes(StandardCharsets.UTF_8),
                        Clock.systemUTC()));
        Locator locator = FixedLocator.on(SELF, hosts);
        Router router = new Router(locator, peers, scheduler, Clock.systemUTC(), metrics);
        // Reads only: no command is sent, so there is no bus.
        JobService service = new JobService(null, store, store, Duration.ofSeconds(5), Clock.systemUTC(), metrics);
        return new JobReads(service, router, locator, metrics);
    }

    @Test
    void the_active_copy_here_answers_at_once_from_this_node_s_store() {
        store.hold(Copy.ACTIVE);
        var answer = reads(Duration.ofSeconds(1), SELF, peer.host()).job(alice, job.id(), null);

        assertThat(answer).as("answered without waiting").isDone();
        assertThat(answer.join()).isEqualTo(new Answer.Found<>(document, false, 0));
        assertThat(peer.requests).isEmpty();
        assertThat(lookups("local")).isEqualTo(1);
    }

    @Test
    void a_job_held_elsewhere_is_forwarded_once_to_the_node_that_holds_it() throws Exception {
        peer.answer(200, document.json());
        JobReads reads = reads(Duration.ofSeconds(5), peer.host());

        Answer<JobDocument> answer = reads.job(alice, job.id(), null).get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer).isInstanceOfSatisfying(Answer.Relayed.class, r -> {
            assertThat(r.answer().status()).isEqualTo(200);
            assertThat(r.answer().body()).isEqualTo(document.json());
        });
        Peer.Request asked = peer.requests.poll();
        assertThat(asked.path()).isEqualTo("/v1/jobs/" + job.id());
        assertThat(asked.authorization()).as("the caller's credentials go along").isEqualTo("Bearer alice-token");
        assertThat(asked.forwardedBy()).as("marked, so the peer does not forward it again").startsWith("127.0.0.1:1 ");
        assertThat(lookups("forwarded")).isEqualTo(1);

        Result<Job> decoded = reads.jobOf(alice, job.id()).get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertThat(decoded.fold(Job::id, Rejection::code)).isEqualTo(job.id());
    }

    @Test
    void a_peer_s_refusal_is_relayed_as_it_came_and_decoded_for_routes_that_need_the_job() throws Exception {
        peer.answer(404, "{\"code\":\"DO_E_NOT_FOUND\",\"detail\":\"no such job\"}".getBytes(StandardCharsets.UTF_8));
        JobReads reads = reads(Duration.ofSeconds(5), peer.host());

        Answer<JobDocument> answer = reads.job(alice, job.id(), null).get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer).isInstanceOfSatisfying(Answer.Relayed.class, r -> assertThat(r.answer().status()).isEqualTo(404));
        assertThat(lookups("forwarded_404")).isEqualTo(1);
        Result<Job> decoded = reads.jobOf(alice, job.id()).get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertThat(decoded).isEqualTo(Result.err(Rejection.of(ErrorCode.DO_E_NOT_FOUND, "no such job")));
    }

    @Test
    void a_peer_that_is_down_leaves_the_read_to_this_node_s_standby_copy_marked_stale() throws Exception {
        store.hold(Copy.STANDBY);
        Answer<JobDocument> answer = reads(Duration.ofSeconds(5), deadHost(), SELF).job(alice, job.id(), null)
                .get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        assertThat(answer).isEqualTo(new Answer.Found<>(document, true, MemoryJobStore.LAG));
        assertThat(lookups("standby")).isEqualTo(1);
        assertThat(metrics.scrape()).contains("copyjobs_forward_errors_total{reason=\"unreachable\"} 1.0");
    }

    @Test
    void a_peer_that_does_not_answer_in_time_leaves_the_read_to_the_standby_copy() throws Exception {
        store.hold(Copy.STANDBY);
        peer.hang();
        Answer<JobDocument> answer = reads(Duration.ofSeconds(1), peer.host(), SELF).job(alice, job.id(), null)
                .get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        assertThat(answer).isEqualTo(new Answer.Found<>(document, true, MemoryJobStore.LAG));
        assertThat(peer.requests).as("the active node was asked first").hasSize(1);
    }

    @Test
    void a_copy_older_than_the_version_asked_for_is_unavailable() {
        store.hold(Copy.ACTIVE);
        JobReads reads = reads(Duration.ofSeconds(1), SELF);

        assertThat(reads.job(alice, job.id(), job.version()).join()).isInstanceOf(Answer.Found.class);
        Answer<JobDocument> newer = reads.job(alice, job.id(), job.version() + 1).join();
        assertThat(newer).isInstanceOfSatisfying(Answer.Refused.class,
                r -> assertThat(r.rejection().code()).isEqualTo(ErrorCode.CJ_E_UNAVAILABLE));
        assertThat(lookups("local")).as("served here, then found too old: not a node that cannot answer").isEqualTo(2);
        assertThat(lookups("unavailable")).isZero();
    }

    @Test
    void a_peer_that_never_answers_is_abandoned_within_the_read_s_deadline() throws Exception {
        peer.hang();
        // The peer's own timeout is far beyond the bound, and so is the 30 s after which the HTTP
        // client drops an idle connection: only the read's own deadline can end it within the bound.
        var answer = reads(GENEROUS.multipliedBy(10), peer.host()).job(alice, job.id(), null);
        Duration bound = Router.DEADLINE.plus(Router.OVERALL_SLACK).multipliedBy(4);

        assertThat(answer.get(bound.toSeconds(), TimeUnit.SECONDS)).isInstanceOfSatisfying(Answer.Refused.class,
                r -> assertThat(r.rejection().code()).isEqualTo(ErrorCode.CJ_E_UNAVAILABLE));
        assertThat(peer.requests).as("the peer was asked, and still holds the request").hasSize(1);
        assertThat(lookups("unavailable")).isEqualTo(1);
    }

    @Test
    void a_forwarded_request_is_answered_from_this_node_s_copy_and_never_forwarded_again() throws Exception {
        store.hold(Copy.STANDBY);
        JobReads.Caller forwarded = new JobReads.Caller(alice.actor(), true, () -> HEADERS);
        Answer<JobDocument> answer = reads(Duration.ofSeconds(5), peer.host(), SELF).job(forwarded, job.id(), null)
                .get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        assertThat(answer).isEqualTo(new Answer.Found<>(document, true, MemoryJobStore.LAG));
        assertThat(peer.requests).isEmpty();
    }

    @Test
    void an_owner_s_list_held_elsewhere_is_asked_of_that_node_with_the_same_query() throws Exception {
        peer.answer(200, "{\"jobs\":[],\"next\":null}".getBytes(StandardCharsets.UTF_8));
        var answer = reads(Duration.ofSeconds(5), peer.host())
                .ownList(alice, Set.of(JobState.QUEUED), 10, null, "/v1/jobs?state=QUEUED&limit=10")
                .get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        assertThat(answer).isInstanceOf(Answer.Relayed.class);
        assertThat(peer.requests.poll().path()).isEqualTo("/v1/jobs?state=QUEUED&limit=10");
        assertThat(lookups("forwarded")).isEqualTo(1);
    }

    /** How many reads the lookups meter counted as served by {@code servedBy}. */
    double lookups(String servedBy) {
        String series = "copyjobs_lookups_seconds_count{served_by=\"" + servedBy + "\"} ";
        return metrics.scrape().lines().filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length()))).sum();
    }

    /** A port nobody listens on: connections to it are refused. */
    static HostInfo deadHost() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new HostInfo("127.0.0.1", socket.getLocalPort());
        }
    }

    /** The other node: a real HTTP server that answers as told, or holds every request until closed. */
    static final class Peer implements AutoCloseable {
        record Request(String path, String authorization, String forwardedBy) {
        }

        final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final HttpServer server;
        private volatile int status = 500;
        private volatile byte[] body = new byte[0];
        private volatile boolean hang;

        Peer() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                requests.add(new Request(exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst(Peers.FORWARDED)));
                try {
                    if (hang && closed.await(GENEROUS.toSeconds() * 10, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        HostInfo host() {
            return new HostInfo("127.0.0.1", server.getAddress().getPort());
        }

        void answer(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        void hang() {
            hang = true;
        }

        @Override
        public void close() {
            closed.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
