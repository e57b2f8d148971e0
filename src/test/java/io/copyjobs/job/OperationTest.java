package io.copyjobs.job;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The operation table: complete, and printed in its own Javadoc exactly as the rows say. */
class OperationTest {
    private static final Path SOURCE = Path.of("src/main/java/io/copyjobs/job/Operation.java");

    @Test
    void the_javadoc_table_is_the_table_in_the_code() throws IOException {
        assertThat(javadocTable()).isEqualTo(printedTable());
    }

    @Test
    void every_command_record_has_exactly_one_row_and_every_row_its_own_name() {
        assertThat(Arrays.stream(Operation.values()).<Class<?>>map(Operation::type))
                .containsExactlyInAnyOrderElementsOf(records(Command.class).toList());
        assertThat(Arrays.stream(Operation.values()).map(Operation::wireName)).doesNotHaveDuplicates();
    }

    /** The table as the rows give it: the operations on a job (not CreateJob) × the states. */
    static List<String> printedTable() {
        List<String> lines = new ArrayList<>();
        lines.add(row("operation", "sent by", Arrays.stream(JobState.values()).map(JobStateMachineTest::shortName)));
        for (Operation op : Operation.values()) {
            if (Command.JobCommand.class.isAssignableFrom(op.type())) {
                lines.add(row(op.wireName(), op.sender().name().toLowerCase(Locale.ROOT),
                        Arrays.stream(JobState.values()).map(s -> op.allowedIn(s) ? "ok" : "no")));
            }
        }
        return lines;
    }

    private static String row(String operation, String sender, Stream<String> cells) {
        String states = cells.map(c -> String.format(Locale.ROOT, "%-4s", c)).collect(Collectors.joining());
        return String.format(Locale.ROOT, "%-21s%-9s%s", operation, sender, states).stripTrailing();
    }

    /** The lines of the {@code <pre>} block in Operation's Javadoc, without the comment's stars. */
    private static List<String> javadocTable() throws IOException {
        List<String> source = Files.readAllLines(SOURCE);
        int start = source.indexOf(" * <pre>");
        int end = source.indexOf(" * </pre>");
        assertThat(start).as("a <pre> table in %s", SOURCE).isNotNegative().isLessThan(end);
        return source.subList(start + 1, end).stream().map(l -> l.replaceFirst("^ \\* ?", "")).toList();
    }

    /** The records under a sealed interface, through its sealed sub-interfaces. */
    private static Stream<Class<?>> records(Class<?> type) {
        return type.isRecord() ? Stream.of(type)
                : Arrays.stream(type.getPermittedSubclasses()).flatMap(OperationTest::records);
    }
}
