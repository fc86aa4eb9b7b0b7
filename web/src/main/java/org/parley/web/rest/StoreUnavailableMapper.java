package org.parley.web.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.api.signalling.ErrorCode;
import org.parley.web.room.StoreUnavailableException;

/** Redis unreachable: 503 with UNAVAILABLE (and Retry-After), not a 500, since retrying is the right move. */
@Provider
public class StoreUnavailableMapper implements ExceptionMapper<StoreUnavailableException> {

    private static final Logger LOG = Logger.getLogger(StoreUnavailableMapper.class.getName());

    @Override
    public Response toResponse(StoreUnavailableException exception) {
        LOG.log(Level.WARNING, "The room store is unreachable", exception);
        return Response.fromResponse(ApiErrors.of(Response.Status.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE,
                StoreUnavailableException.MESSAGE)).header("Retry-After", "5").build();
    }
}
