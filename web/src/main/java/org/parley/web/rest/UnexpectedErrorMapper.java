package org.parley.web.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.api.signalling.ErrorCode;

/** Every failure leaves as an ApiError; the log keeps the details under an id the client is shown. */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

    @Override
    public Response toResponse(Exception exception) {
        if (exception instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            // JAX-RS's own rejections (unknown path, wrong method, unsupported media type): keep their status.
            return ApiErrors.of(web.getResponse().getStatus(), ErrorCode.INVALID_REQUEST, exception.getMessage());
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Request failed, incident " + incident, exception);
        return ApiErrors.of(Response.Status.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL_ERROR,
                "The server failed (incident " + incident + "); try again later.");
    }
}
