package org.parley.api.signalling;

/**
 * Server → client: how many people are present in the room's audience. A room's first {@code parley.room.stage-size}
 * participants (and the host) are its stage: everyone hears of each of them. Later arrivals join the audience: they
 * see and hear the stage, and the others only count them, so a room of a thousand does not send a million
 * announcements. Sent to everyone when the count changed, at most once a second.
 */
public record Audience(int count) implements Message {}
