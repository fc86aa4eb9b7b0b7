package org.parley.web.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.parley.api.rooms.ApiError;
import org.parley.api.signalling.ErrorCode;

/** Error responses with an {@link ApiError} body, the only error shape the REST API returns. */
public final class ApiErrors {

    private ApiErrors() {}

    public static Response of(Response.Status status, ErrorCode code, String message) {
        return of(status.getStatusCode(), code, message);
    }

    public static Response of(int status, ErrorCode code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(code, message)).build();
    }
}
