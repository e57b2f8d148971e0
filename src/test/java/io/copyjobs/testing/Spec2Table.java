package io.copyjobs.testing;

import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * SPEC §2's client operations × states as the tests expect them, written once: the topology test
 * runs every cell, the HTTP test the cells that show how each kind of answer is mapped.
 */
public final class Spec2Table {
    public static final List<String> STATES = List.of("QUEUED", "CONNECTING", "TRANSFERRING", "SUSPENDED", "ERROR",
            "TRANSIENT_ERROR", "TRANSFERRED", "ACKNOWLEDGED", "CANCELLED");

    /**
     * Per operation (named as its route), the answer in each state of {@link #STATES}: a state
     * (applied, version + 1), {@code same} (applied, state kept), {@code U} (unchanged), or the
     * rejection's code. The TRANSFERRED job has every file done, so Resume changes nothing.
     */
    public static final Map<String, String> TABLE = Map.ofEntries(
            Map.entry("files", "same same same same same same same BG_E_INVALID_STATE BG_E_INVALID_STATE"),
            Map.entry("resume", "U U U QUEUED QUEUED QUEUED U BG_E_INVALID_STATE BG_E_INVALID_STATE"),
            Map.entry("suspend", "SUSPENDED SUSPENDED SUSPENDED U SUSPENDED SUSPENDED SUSPENDED BG_E_INVALID_STATE BG_E_INVALID_STATE"),
            Map.entry("cancel", "CANCELLED CANCELLED CANCELLED CANCELLED CANCELLED CANCELLED CANCELLED BG_E_INVALID_STATE BG_E_INVALID_STATE"),
            Map.entry("complete", "ACKNOWLEDGED ACKNOWLEDGED ACKNOWLEDGED ACKNOWLEDGED ACKNOWLEDGED ACKNOWLEDGED ACKNOWLEDGED BG_E_INVALID_STATE BG_E_INVALID_STATE"),
            Map.entry("patch", "same same same same same same same BG_E_INVALID_STATE BG_E_INVALID_STATE"),
            Map.entry("take-ownership", "same same same same same same same BG_E_INVALID_STATE BG_E_INVALID_STATE"));

    private Spec2Table() {
    }

    /** The cells (operation, state, expected) of the states {@code states} accepts. */
    public static Stream<Arguments> cells(Predicate<String> states) {
        List<Arguments> cases = new ArrayList<>();
        TABLE.forEach((operation, row) -> {
            String[] expected = row.split(" ");
            for (int i = 0; i < STATES.size(); i++) {
                if (states.test(STATES.get(i))) {
                    cases.add(Arguments.of(operation, STATES.get(i), expected[i]));
                }
            }
        });
        return cases.stream();
    }
}
