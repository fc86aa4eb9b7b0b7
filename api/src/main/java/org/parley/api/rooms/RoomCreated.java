package org.parley.api.rooms;

/**
 * Response of {@code POST /api/rooms}.
 *
 * @param joinUrl     absolute URL a participant opens in a browser to join
 * @param hostJoinUrl absolute URL the host opens to join as host
 */
public record RoomCreated(String id, String name, String joinUrl, String hostJoinUrl) {}
