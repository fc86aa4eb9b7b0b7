package org.parley.api.rooms;

import org.parley.api.signalling.ErrorCode;

/** Body of every REST error response. */
public record ApiError(ErrorCode code, String message) {}
