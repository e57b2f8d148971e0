package io.copyjobs.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * BG_JOB_STATE and the moves between states. Which operation a state allows is the table of
 * {@link Operation}; the moves here are what {@link JobStateMachine} lets a command make of it.
 *
 * <pre>
 *   CreateJob ─▶ SUSPENDED ──Resume──▶ QUEUED ─▶ CONNECTING ─▶ TRANSFERRING ─▶ TRANSFERRED
 *                   ▲                    ▲            │              │              │
 *                   │ Suspend (any       │ retry      ▼              ▼              │ Complete
 *                   │ non-final state)   └──── TRANSIENT_ERROR ◀─────┤              ▼
 *                   │                             │ no progress     ▼         ACKNOWLEDGED (final)
 *                   └──────── Resume ◀──────── ERROR ◀───── fatal answer
 *   Cancel from any non-final state ─▶ CANCELLED (final); Complete from any ─▶ ACKNOWLEDGED (final)
 * </pre>
 */
public enum JobState {
    QUEUED,
    CONNECTING,
    TRANSFERRING,
    SUSPENDED,
    ERROR,
    TRANSIENT_ERROR,
    TRANSFERRED,
    ACKNOWLEDGED,
    CANCELLED;

    /** ACKNOWLEDGED and CANCELLED: nothing changes a final job, and it leaves the job list. */
    public boolean isFinal() {
        return this == ACKNOWLEDGED || this == CANCELLED;
    }

    /** QUEUED, CONNECTING, TRANSFERRING: the transfer engine owns the job. */
    public boolean isActive() {
        return this == QUEUED || this == CONNECTING || this == TRANSFERRING;
    }

    /** The states this one may move to; a move to the same state is a no-op, never a transition. */
    public Set<JobState> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(CONNECTING, SUSPENDED, CANCELLED, ACKNOWLEDGED);
            case CONNECTING -> EnumSet.of(TRANSFERRING, TRANSFERRED, TRANSIENT_ERROR, ERROR,
                    SUSPENDED, CANCELLED, ACKNOWLEDGED);
            case TRANSFERRING -> EnumSet.of(TRANSFERRED, TRANSIENT_ERROR, ERROR,
                    SUSPENDED, CANCELLED, ACKNOWLEDGED);
            case SUSPENDED -> EnumSet.of(QUEUED, CANCELLED, ACKNOWLEDGED);
            case ERROR -> EnumSet.of(QUEUED, SUSPENDED, CANCELLED, ACKNOWLEDGED);
            case TRANSIENT_ERROR -> EnumSet.of(QUEUED, ERROR, SUSPENDED, CANCELLED, ACKNOWLEDGED);
            case TRANSFERRED -> EnumSet.of(QUEUED, SUSPENDED, CANCELLED, ACKNOWLEDGED);
            case ACKNOWLEDGED, CANCELLED -> EnumSet.noneOf(JobState.class);
        };
    }

    public boolean isValidTransition(JobState next) {
        return successors().contains(next);
    }
}
