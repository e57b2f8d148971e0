package io.copyjobs.service;

import io.copyjobs.job.Rejection;

import java.util.Objects;
import java.util.function.Function;

/** A value, or the rejection that took its place; {@link #fold} takes it apart without a cast. */
public sealed interface Result<T> {

    /** {@code ok} of the value, or {@code err} of the rejection. */
    <R> R fold(Function<? super T, ? extends R> ok, Function<? super Rejection, ? extends R> err);

    record Ok<T>(T value) implements Result<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public <R> R fold(Function<? super T, ? extends R> ok, Function<? super Rejection, ? extends R> err) {
            return ok.apply(value);
        }
    }

    record Err<T>(Rejection rejection) implements Result<T> {
        public Err {
            Objects.requireNonNull(rejection, "rejection");
        }

        @Override
        public <R> R fold(Function<? super T, ? extends R> ok, Function<? super Rejection, ? extends R> err) {
            return err.apply(rejection);
        }
    }

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> err(Rejection rejection) {
        return new Err<>(rejection);
    }
}
