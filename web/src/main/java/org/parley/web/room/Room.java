package org.parley.web.room;

import java.time.Instant;

/** A meeting room as stored: created by a host, joined through invitation links. */
public record Room(String id, String name, Instant createdAt) {}
