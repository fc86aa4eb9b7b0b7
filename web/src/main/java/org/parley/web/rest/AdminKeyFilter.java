package org.parley.web.rest;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import org.parley.api.signalling.ErrorCode;
import org.parley.web.invite.HostCredentials;

/** Turns away {@link AdminOnly} requests without the configured host key; issued credentials cannot manage others or nodes. */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminKeyFilter implements ContainerRequestFilter {

    private final HostCredentials credentials;
    private final FailedSignIns failures;
    @Context
    private HttpServletRequest servlet;

    protected AdminKeyFilter() {
        this.credentials = null; // for CDI proxies only
        this.failures = null;
    }

    @Inject
    public AdminKeyFilter(HostCredentials credentials, FailedSignIns failures) {
        this.credentials = credentials;
        this.failures = failures;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<Response> tooMany = failures.refusal(servlet);
        if (tooMany.isPresent()) {
            request.abortWith(tooMany.get());
            return;
        }
        if (!credentials.isAdmin(Bearer.of(request))) {
            failures.failed(servlet.getRemoteAddr());
            request.abortWith(Response.fromResponse(ApiErrors.of(Response.Status.UNAUTHORIZED, ErrorCode.UNAUTHORIZED,
                            "This needs the host key (parley.host-key) as 'Authorization: Bearer <key>'; issued host credentials cannot do it."))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build());
        }
    }
}
