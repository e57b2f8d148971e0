package io.copyjobs.metrics;

import io.copyjobs.job.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code copyjobs_transfer_errors_total{code}}: the downloads of this node that stopped with a
 * transfer error, by code. The label takes a closed set, every value registered at 0 from the start:
 * each transfer error code, E_INVALIDARG (a local name a job should not have taken), and the
 * BG_E_HTTP_ERROR_nnn family by status class ({@code BG_E_HTTP_ERROR_4xx}); anything else counts as
 * {@code other}, so that no code of an origin's choosing makes a new series.
 */
final class TransferErrorMeters {
    static final String OTHER = "other";
    private static final String HTTP_FAMILY = "BG_E_HTTP_ERROR_";
    private static final List<String> HTTP_CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx");

    private final Map<String, Counter> counters = new LinkedHashMap<>();

    TransferErrorMeters(MeterRegistry registry) {
        Stream.concat(Stream.concat(
                        Stream.of(ErrorCode.values()).filter(c -> !c.answers() || c == ErrorCode.E_INVALIDARG).map(Enum::name),
                        HTTP_CLASSES.stream().map(c -> HTTP_FAMILY + c)), Stream.of(OTHER))
                .forEach(label -> counters.put(label, Counter.builder("copyjobs.transfer.errors").tag("code", label)
                        .description("Downloads of this node that stopped with a transfer error, by code")
                        .register(registry)));
    }

    /** One download stopped with the error {@code code}. */
    void failed(String code) {
        counters.getOrDefault(label(code), counters.get(OTHER)).increment();
    }

    static String label(String code) {
        if (code.startsWith(HTTP_FAMILY) && code.length() == HTTP_FAMILY.length() + 3) {
            return HTTP_FAMILY + code.charAt(HTTP_FAMILY.length()) + "xx";
        }
        return code;
    }
}
