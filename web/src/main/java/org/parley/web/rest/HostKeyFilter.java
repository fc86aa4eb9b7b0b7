package org.parley.web.rest;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.parley.api.signalling.ErrorCode;
import org.parley.web.invite.HostCredentials;
import org.parley.web.room.StoreUnavailableException;

/** Turns away {@link HostOnly} requests that carry neither the host key nor a host credential that is not revoked. */
@Provider
@HostOnly
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class HostKeyFilter implements ContainerRequestFilter {

    private final HostCredentials credentials;

    protected HostKeyFilter() {
        this.credentials = null; // for CDI proxies only
    }

    @Inject
    public HostKeyFilter(HostCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        boolean allowed;
        try {
            allowed = credentials.mayHost(Bearer.of(request));
        } catch (StoreUnavailableException e) {
            request.abortWith(ApiErrors.of(Response.Status.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE, e.getMessage()));
            return;
        }
        if (!allowed) {
            request.abortWith(Response.fromResponse(ApiErrors.of(Response.Status.UNAUTHORIZED, ErrorCode.UNAUTHORIZED,
                            "Send the host key or a host credential as 'Authorization: Bearer <credential>'."))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build());
        }
    }
}
