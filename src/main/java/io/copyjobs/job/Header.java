package io.copyjobs.job;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A custom request header (BITS SetCustomHeaders, DO HttpCustomHeaders). The value is a
 * {@link Secret}: headers carry API keys and signatures as often as anything else. A public answer
 * shows the name only, and a job read back from one has a null value.
 */
public record Header(String name, Secret value) {
    public Header {
        Objects.requireNonNull(name, "name");
    }

    Header with(UnaryOperator<Secret> seal) {
        return new Header(name, value == null ? null : seal.apply(value));
    }
}
