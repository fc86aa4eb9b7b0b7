package org.parley.web.room;

import java.time.Instant;

/**
 * A meeting room as stored: created by a host, joined through invitation links.
 *
 * @param endedAt when the host ended the meeting; null while it is open
 */
public record Room(String id, String name, Instant createdAt, Instant endedAt) {

    public Room(String id, String name, Instant createdAt) {
        this(id, name, createdAt, null);
    }

    public boolean isEnded() {
        return endedAt != null;
    }
}
