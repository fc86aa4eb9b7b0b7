package org.parley.web.invite;

import java.time.Instant;

/**
 * A host credential as stored: never the secret itself, only {@code hash = base64(SHA-256(salt || secret))} with a
 * random salt of its own, so a copy of the store lets nobody create rooms.
 */
public record StoredCredential(String id, String label, Instant createdAt, String salt, String hash) {}
