package io.copyjobs.job;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The ETag counts every field of a job, its files, times and error, found by reflection, not by a list. */
class ContentDigestTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final TransferError ERROR = TransferError.of(ErrorCode.BG_E_NETWORK_DISCONNECTED,
            ErrorContext.REMOTE_FILE, "reset", 0).stamped(T0, T0);

    @Test
    void a_change_to_any_component_changes_the_etag_and_equal_content_gives_the_same_one() throws Exception {
        Job job = new Job(new JobId(UUID.fromString("00000000-0000-4000-8000-000000000001")), "alice", "nightly",
                "d", JobType.DOWNLOAD, Priority.NORMAL, JobState.TRANSIENT_ERROR,
                List.of(new JobFile("https://example.com/a.bin", "a.bin", "ab", 100, 10, false, "node-1", 0, 0, null)),
                new Times(T0, T0, T0), ERROR, 1, 600, 1_209_600, TransferOptions.NONE, 0, 3);
        assertThat(copy(job).etag()).isEqualTo(job.etag());
        int checked = 0;
        for (Object variant : variants(job)) {
            assertThat(((Job) variant).etag()).as("%s", variant).isNotEqualTo(job.etag());
            checked++;
        }
        // Job's own components but the version and the three records it holds, then theirs.
        assertThat(checked).as("every component of Job, JobFile, Times and TransferError was changed once")
                .isEqualTo(Job.class.getRecordComponents().length - 4 + JobFile.class.getRecordComponents().length
                        + Times.class.getRecordComponents().length + TransferError.class.getRecordComponents().length);
    }

    @Test
    void text_split_differently_differs() {
        Job a = JobStateMachineTest.jobIn(JobState.SUSPENDED);
        Job b = new Job(a.id(), a.owner() + "n", "ightly", a.description(), a.type(), a.priority(), a.state(), a.files(),
                a.times(), a.error(), a.errorCount(), a.minimumRetryDelaySeconds(), a.noProgressTimeoutSeconds(),
                TransferOptions.NONE, 0, a.version());
        assertThat(a.owner() + a.displayName()).isEqualTo(b.owner() + b.displayName());
        assertThat(b.etag()).isNotEqualTo(a.etag());
    }

    /** Every record that differs from {@code value} in exactly one (nested) component. */
    private static List<Object> variants(Object value) throws Exception {
        RecordComponent[] components = value.getClass().getRecordComponents();
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            Object[] args = args(value);
            Object v = args[i];
            List<Object> changed = new ArrayList<>();
            if (v instanceof Times || v instanceof TransferError) {
                changed.addAll(variants(v));
            } else if (v instanceof List<?> list) {
                variants(list.get(0)).forEach(f -> changed.add(List.of(f)));
            } else if (components[i].getName().equals("version")) {
                continue; // the ETag shows the version itself; the digest is about the rest
            } else {
                changed.add(other(v, components[i].getType()));
            }
            for (Object c : changed) {
                Object[] a = args(value);
                a[i] = c;
                out.add(construct(value.getClass(), a));
            }
        }
        return out;
    }

    private static Object other(Object v, Class<?> type) {
        if (type == String.class) {
            return v + "x";
        } else if (type == int.class || type == Integer.class) {
            return ((Integer) v) + 1;
        } else if (type == long.class) {
            return ((Long) v) + 1;
        } else if (type == boolean.class) {
            return !((Boolean) v);
        } else if (type == Instant.class) {
            return ((Instant) v).plusNanos(1);
        } else if (type == Duration.class) {
            return ((Duration) v).plusNanos(1);
        } else if (type == JobId.class) {
            return new JobId(UUID.fromString("00000000-0000-4000-8000-000000000002"));
        } else if (type == TransferOptions.class) {
            return new TransferOptions(null, null, null, null, null, 1L, null).over(TransferOptions.NONE);
        } else if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return Arrays.stream(constants).filter(c -> c != v).findFirst().orElseThrow();
        }
        throw new AssertionError("no other value for " + type);
    }

    private static Object[] args(Object record) throws Exception {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = components[i].getAccessor().invoke(record);
        }
        return args;
    }

    private static Object construct(Class<?> type, Object[] args) throws Exception {
        Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class[]::new);
        Constructor<?> c = type.getDeclaredConstructor(types);
        return c.newInstance(args);
    }

    private static Job copy(Job job) throws Exception {
        return (Job) construct(Job.class, args(job));
    }
}
