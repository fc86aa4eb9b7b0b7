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
import org.parley.web.invite.HostKey;

/** Turns away {@link HostOnly} requests that do not carry the host key. */
@Provider
@HostOnly
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class HostKeyFilter implements ContainerRequestFilter {

    private static final String BEARER = "bearer ";

    private final HostKey hostKey;

    protected HostKeyFilter() {
        this.hostKey = null; // for CDI proxies only
    }

    @Inject
    public HostKeyFilter(HostKey hostKey) {
        this.hostKey = hostKey;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if (!bearer || !hostKey.matches(header.substring(BEARER.length()).strip())) {
            request.abortWith(Response.fromResponse(ApiErrors.of(Response.Status.UNAUTHORIZED, ErrorCode.UNAUTHORIZED,
                            "Send the host key as 'Authorization: Bearer <key>'."))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build());
        }
    }
}
