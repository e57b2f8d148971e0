package io.copyjobs.job;

import java.util.Objects;

/**
 * Who caused a change: an authenticated subject (with or without the administrator role), or
 * the service itself ({@link #SYSTEM}) for transfers, retries and retention.
 */
public record Actor(String subject, boolean admin) {
    /** The service acting on its own (transfer engine, retention). */
    public static final Actor SYSTEM = new Actor("system", true);

    public Actor {
        Objects.requireNonNull(subject, "subject");
    }

    public boolean isSystem() {
        return this.equals(SYSTEM);
    }

    /** Owner or administrator: the one rule for seeing or changing a job (SPEC §4). */
    public boolean mayAccess(String owner) {
        return admin || subject.equals(owner);
    }
}
