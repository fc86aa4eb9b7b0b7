package org.parley.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.api.signalling.ErrorCode;
import org.parley.web.invite.HostCredentials;

/**
 * {@code /api/host-credentials}, for the operator (host key only): issue a credential (its secret is in the response
 * and nowhere else, ever), list them (ids and labels), revoke one (effective at once).
 */
@Path("host-credentials")
@Tag(name = "host credentials")
@SecurityRequirement(name = RestApplication.HOST_AUTH)
@AdminOnly
@ApplicationScoped
public class HostCredentialsResource {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final HostCredentials credentials;

    protected HostCredentialsResource() {
        this.credentials = null; // for CDI proxies only
    }

    @Inject
    public HostCredentialsResource(HostCredentials credentials) {
        this.credentials = credentials;
    }

    /** Body optional: {@code {"label": "Ana (sales)"}}. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a host credential (host key only)", description = "Optional body {\"label\": \"…\"}")
    @APIResponse(responseCode = "201", description = "{id, label, createdAt, credential}: the credential is shown once")
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: a bad body or label")
    @APIResponse(responseCode = "401", description = "UNAUTHORIZED: not the host key")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: too many failed sign-ins from here; see Retry-After")
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: Redis cannot be reached")
    public Response issue(String body, @Context UriInfo uri) {
        HostCredentials.Issued issued;
        try {
            issued = credentials.issue(label(body));
        } catch (IllegalArgumentException e) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        return Response.created(uri.getAbsolutePathBuilder().path(issued.id()).build())
                .entity(JSON.createObjectBuilder()
                        .add("id", issued.id())
                        .add("label", issued.label())
                        .add("createdAt", issued.createdAt().toString())
                        .add("credential", issued.credential())
                        .build())
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List host credentials (host key only)", description = "{credentials: [{id, label, createdAt}]}")
    @APIResponse(responseCode = "200", description = "the credentials, never their secrets")
    @APIResponse(responseCode = "401", description = "UNAUTHORIZED: not the host key")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: too many failed sign-ins from here; see Retry-After")
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: Redis cannot be reached")
    public JsonObject list() {
        JsonArrayBuilder all = JSON.createArrayBuilder();
        credentials.list().forEach(c -> all.add(JSON.createObjectBuilder()
                .add("id", c.id()).add("label", c.label()).add("createdAt", c.createdAt().toString())));
        return JSON.createObjectBuilder().add("credentials", all).build();
    }

    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a host credential (host key only)")
    @APIResponse(responseCode = "204", description = "revoked")
    @APIResponse(responseCode = "401", description = "UNAUTHORIZED: not the host key")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: too many failed sign-ins from here; see Retry-After")
    @APIResponse(responseCode = "404", description = "INVALID_REQUEST: no such credential")
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: Redis cannot be reached")
    public Response revoke(@PathParam("id") String id) {
        if (!credentials.revoke(id)) {
            return ApiErrors.of(Response.Status.NOT_FOUND, ErrorCode.INVALID_REQUEST, "There is no host credential '"
                    + (id.length() <= 64 ? id : id.substring(0, 64) + "…") + "'.");
        }
        return Response.noContent().build();
    }

    private static String label(String body) {
        return JsonBodies.optionalString(body, "label", "Ana (sales)");
    }
}
