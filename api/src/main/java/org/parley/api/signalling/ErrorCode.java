package org.parley.api.signalling;

/** Machine-readable error codes shared by signalling and the REST API. */
public enum ErrorCode {
    /** The text is not JSON, or a field has the wrong shape. */
    MALFORMED_MESSAGE,
    /** The JSON has no {@code type}, or one this server does not accept from clients. */
    UNKNOWN_MESSAGE_TYPE,
    /** A message arrived that makes no sense in the current state (e.g. an offer before join). */
    UNEXPECTED_MESSAGE,
    /** The message is larger than the server accepts (the socket is closed with 1009). */
    MESSAGE_TOO_LARGE,
    /** The SDP could not be parsed. */
    INVALID_SDP,
    /**
     * An ICE restart is impossible (the secure connection itself failed): start a new peer connection and offer. Also
     * sent unasked when a media connection's DTLS handshake failed or timed out.
     */
    ICE_RESTART_FAILED,
    /** The SDP parsed, but offers no codec this server can forward. */
    NO_USABLE_CODEC,
    /** The DTLS fingerprint uses a hash function WebRTC does not allow (sha-1, md5): sha-256, -384 or -512 only. */
    UNSUPPORTED_FINGERPRINT,
    /** The offer announces more streams (SSRCs) than one media section or one participant may send. */
    TOO_MANY_STREAMS,
    /** The room does not exist (never created, or expired after standing empty). */
    ROOM_NOT_FOUND,
    /** The host ended this meeting; its links no longer work. */
    ROOM_ENDED,
    /** The room already holds {@code parley.room.max-participants} people (present or away). */
    ROOM_FULL,
    /** A host invitation was used while the room's host is in it: one host per room. */
    HOST_ALREADY_PRESENT,
    /** The participant named in the message is not in the room (e.g. a host muting someone who already left). */
    PARTICIPANT_NOT_FOUND,
    /** The request lacks a valid credential (forged, for another room, revoked, or missing). */
    UNAUTHORIZED,
    /** The invitation was genuine but has expired: ask the host for a new link. */
    TOKEN_EXPIRED,
    /** The credential is valid, but does not allow this (e.g. a participant muting someone: hosts only). */
    FORBIDDEN,
    /** A value is unacceptable: a REST body or parameter, or a room id or display name in {@code join}. */
    INVALID_REQUEST,
    /** Parley's room store (Redis) cannot be reached: nothing was changed; try again in a moment. */
    UNAVAILABLE,
    /** The media server of this room went away; create a new peer connection and send a new offer. */
    MEDIA_NODE_LOST,
    /** Too many failed attempts from this address: wait (REST: 429 with {@code Retry-After}) before trying again. */
    RATE_LIMITED,
    /** The server failed; the message says what to try. */
    INTERNAL_ERROR
}
