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

/** Turns away {@link AdminOnly} requests without the configured host key; issued credentials cannot manage others or nodes. */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminKeyFilter implements ContainerRequestFilter {

    private final HostCredentials credentials;

    protected AdminKeyFilter() {
        this.credentials = null; // for CDI proxies only
    }

    @Inject
    public AdminKeyFilter(HostCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!credentials.isAdmin(Bearer.of(request))) {
            request.abortWith(Response.fromResponse(ApiErrors.of(Response.Status.UNAUTHORIZED, ErrorCode.UNAUTHORIZED,
                            "This needs the host key (parley.host-key) as 'Authorization: Bearer <key>'; issued host credentials cannot do it."))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build());
        }
    }
}
