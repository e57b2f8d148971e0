package io.copyjobs.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.FenceProducersOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Aborts the open transactions of nodes that have left the Streams group, so that the nodes
 * taking over their partitions need not wait out the transaction timeout.
 *
 * <p>A node killed mid-transaction leaves it open on the brokers: until it ends, the committed
 * offsets of its input partitions are "unstable" and its changelogs' stable end does not move,
 * so the node that takes its tasks over cannot start them; left alone, the brokers abort it only
 * once {@code transaction.timeout.ms} has passed since it began. With {@code exactly_once_v2}
 * each stream thread writes with the transactional id {@code <application id>-<process id>-<n>}
 * and joins the group with the client id {@code <application id>-<process id>-StreamThread-<n>-consumer}.
 * An ongoing transaction of a process none of whose threads is a member any more is fenced as a
 * restarted thread would fence it: an InitProducerId for its transactional id makes its
 * coordinator abort it and bump its epoch, which is what the timeout would do, only sooner. The
 * transactions are listed before the members are read, so that a process that has just joined
 * and begun one is seen as a member. When a member's client id is not of that form (a
 * {@code client.id} was configured) nothing is fenced and the timeout applies as before.
 */
public final class DepartedTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(DepartedTransactions.class);
    private static final String UUID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";
    /** How long each of the three admin calls may take. */
    private static final Duration BOUND = Duration.ofSeconds(10);
    private final Admin admin;
    private final String group;
    private final Pattern transactionalId;
    private final Pattern memberClientId;

    public DepartedTransactions(Admin admin, String applicationId) {
        this.admin = admin;
        this.group = applicationId;
        String app = Pattern.quote(applicationId);
        this.transactionalId = Pattern.compile(app + "-" + UUID + "-\\d+");
        this.memberClientId = Pattern.compile(app + "-" + UUID + "-StreamThread-\\d+-consumer");
    }

    /** Fences what {@link #departed()} finds, logging instead of throwing: the timeout stays the fallback. */
    public void fenceQuietly() {
        try {
            Set<String> ids = departed();
            if (!ids.isEmpty()) {
                admin.fenceProducers(ids, new FenceProducersOptions().timeoutMs((int) BOUND.toMillis()))
                        .all().get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("aborted the open transactions {} of nodes no longer in group {}: their partitions move "
                        + "without waiting for the transaction timeout", ids, group);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.info("could not abort the open transactions of departed nodes ({}); the brokers abort them after "
                    + "the transaction timeout", e.toString());
        }
    }

    /** The transactional ids of this application with a transaction open whose process is not in the group. */
    Set<String> departed() throws InterruptedException, ExecutionException, TimeoutException {
        int bound = (int) BOUND.toMillis();
        Set<String> open = admin.listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING))
                        .timeoutMs(bound)).all().get(bound, TimeUnit.MILLISECONDS).stream()
                .map(TransactionListing::transactionalId).filter(id -> transactionalId.matcher(id).matches())
                .collect(Collectors.toSet());
        if (open.isEmpty()) {
            return Set.of();
        }
        ConsumerGroupDescription members = admin.describeConsumerGroups(List.of(group),
                new DescribeConsumerGroupsOptions().timeoutMs(bound)).describedGroups().get(group).get(bound, TimeUnit.MILLISECONDS);
        Optional<Set<String>> live = processes(members.members());
        if (live.isEmpty()) {
            return Set.of();
        }
        return open.stream().filter(id -> !live.get().contains(process(transactionalId, id))).collect(Collectors.toSet());
    }

    /** The process ids of the members; empty when there are none or one's client id does not name its process. */
    private Optional<Set<String>> processes(Iterable<MemberDescription> members) {
        Set<String> live = new HashSet<>();
        for (MemberDescription m : members) {
            if (!memberClientId.matcher(m.clientId()).matches()) {
                return Optional.empty();
            }
            live.add(process(memberClientId, m.clientId()));
        }
        return live.isEmpty() ? Optional.empty() : Optional.of(live);
    }

    private static String process(Pattern pattern, String id) {
        Matcher m = pattern.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException(id);
        }
        return m.group(1);
    }
}
