package io.copyjobs.service;

import io.copyjobs.job.Rejection;

import java.util.Objects;

/** A value, or the rejection that took its place. */
public sealed interface Result<T> {

    record Ok<T>(T value) implements Result<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Err<T>(Rejection rejection) implements Result<T> {
        public Err {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> err(Rejection rejection) {
        return new Err<>(rejection);
    }
}
