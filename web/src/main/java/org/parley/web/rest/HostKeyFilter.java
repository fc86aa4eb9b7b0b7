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
import org.parley.web.room.StoreUnavailableException;
import org.parley.web.signin.HostSignIn;
import org.parley.web.signin.SignInVerdict;
import org.parley.web.signin.TokenVerifier;

/**
 * Turns away {@link HostOnly} requests that carry neither the host key, nor a host credential that is not revoked, nor
 * a sign-in token of the configured identity provider for someone in the hosts' group (403 when signed in but not in
 * it). An address that fails too often in a minute gets 429 ({@link FailedSignIns}).
 */
@Provider
@HostOnly
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class HostKeyFilter implements ContainerRequestFilter {

    private final HostCredentials credentials;
    private final HostSignIn signIn;
    private final FailedSignIns failures;
    @Context
    private HttpServletRequest servlet;

    protected HostKeyFilter() {
        this.credentials = null; // for CDI proxies only
        this.signIn = null;
        this.failures = null;
    }

    @Inject
    public HostKeyFilter(HostCredentials credentials, HostSignIn signIn, FailedSignIns failures) {
        this.credentials = credentials;
        this.signIn = signIn;
        this.failures = failures;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<Response> tooMany = failures.refusal(servlet);
        if (tooMany.isPresent()) {
            request.abortWith(tooMany.get());
            return;
        }
        String presented = Bearer.of(request);
        if (TokenVerifier.looksLikeToken(presented)) {
            SignInVerdict verdict = signIn.verify(presented);
            if (verdict instanceof SignInVerdict.NotAHost notAHost) {
                request.abortWith(ApiErrors.of(Response.Status.FORBIDDEN, ErrorCode.FORBIDDEN, notAHost.reason()));
            } else if (verdict instanceof SignInVerdict.Refused refused) {
                unauthorized(request, refused.reason());
            }
            return;
        }
        boolean allowed;
        try {
            allowed = credentials.mayHost(presented);
        } catch (StoreUnavailableException e) {
            request.abortWith(ApiErrors.of(Response.Status.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE, e.getMessage()));
            return;
        }
        if (!allowed) {
            unauthorized(request,
                    "Send the host key, a host credential or a sign-in token as 'Authorization: Bearer <credential>'.");
        }
    }

    private void unauthorized(ContainerRequestContext request, String reason) {
        failures.failed(servlet.getRemoteAddr());
        request.abortWith(Response.fromResponse(ApiErrors.of(Response.Status.UNAUTHORIZED, ErrorCode.UNAUTHORIZED,
                reason)).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
    }
}
