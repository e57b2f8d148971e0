package io.copyjobs.cluster;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a read came to, whichever node answered it: the value from this node's copy ({@link Found},
 * marked stale when the copy is a standby replica), a peer's answer to pass on as it came
 * ({@link Relayed}), or the rejection in its place ({@link Refused}). {@link #fold} takes it apart.
 */
public sealed interface Answer<T> {

    /** {@code found} of a copy read here, {@code relayed} of a peer's answer, or {@code refused} of the rejection. */
    <R> R fold(Function<? super Found<T>, ? extends R> found, Function<? super Peers.Relayed, ? extends R> relayed,
               Function<? super Rejection, ? extends R> refused);

    /**
     * The value from this node's copy; {@code stale} when that copy is a standby replica, which may
     * lag the active one by {@code lag} offsets (-1 when unknown).
     */
    record Found<T>(T value, boolean stale, long lag) implements Answer<T> {
        public Found {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public <R> R fold(Function<? super Found<T>, ? extends R> found,
                          Function<? super Peers.Relayed, ? extends R> relayed, Function<? super Rejection, ? extends R> refused) {
            return found.apply(this);
        }
    }

    /** The answer of the peer that holds the key, its status and body as they came. */
    record Relayed<T>(Peers.Relayed answer) implements Answer<T> {
        public Relayed {
            Objects.requireNonNull(answer, "answer");
        }

        @Override
        public <R> R fold(Function<? super Found<T>, ? extends R> found,
                          Function<? super Peers.Relayed, ? extends R> relayed, Function<? super Rejection, ? extends R> refused) {
            return relayed.apply(answer);
        }
    }

    /** No job to answer with: its rejection (not found, access denied, no copy now, too old). */
    record Refused<T>(Rejection rejection) implements Answer<T> {
        public Refused {
            Objects.requireNonNull(rejection, "rejection");
        }

        @Override
        public <R> R fold(Function<? super Found<T>, ? extends R> found,
                          Function<? super Peers.Relayed, ? extends R> relayed, Function<? super Rejection, ? extends R> refused) {
            return refused.apply(rejection);
        }
    }

    static <T> Answer<T> refused(Rejection rejection) {
        return new Refused<>(rejection);
    }

    /** CJ_E_UNAVAILABLE: no copy that may answer could be read in time. */
    static <T> Answer<T> unavailable(String why) {
        return new Refused<>(Rejection.of(ErrorCode.CJ_E_UNAVAILABLE, why));
    }
}
