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
    /** An ICE restart is impossible (the secure connection itself failed): start a new peer connection and offer. */
    ICE_RESTART_FAILED,
    /** The SDP parsed, but offers no codec this server can forward. */
    NO_USABLE_CODEC,
    /** The room does not exist (never created, or ended). */
    ROOM_NOT_FOUND,
    /** The participant named in the message is not in the room (e.g. a host muting someone who already left). */
    PARTICIPANT_NOT_FOUND,
    /** The request lacks a valid credential. */
    UNAUTHORIZED,
    /** The credential is valid, but does not allow this (e.g. a participant muting someone: hosts only). */
    FORBIDDEN,
    /** A REST request body or parameter is invalid. */
    INVALID_REQUEST,
    /** The server failed; the message says what to try. */
    INTERNAL_ERROR
}
