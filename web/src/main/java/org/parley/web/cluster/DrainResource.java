package org.parley.web.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.api.signalling.ErrorCode;
import org.parley.web.rest.AdminOnly;
import org.parley.web.rest.ApiErrors;
import org.parley.web.rest.JsonBodies;
import org.parley.web.rest.RestApplication;

/**
 * {@code /api/node/drain}, for the operator (host key only): drain this node ({@link NodeDrain}) and see how far it
 * has come. With {@code "exit": true} the process exits once drained (for Payara Micro and containers; never on a
 * shared application server).
 */
@Path("node/drain")
@Tag(name = "node")
@SecurityRequirement(name = RestApplication.HOST_AUTH)
@AdminOnly
@ApplicationScoped
public class DrainResource {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Logger LOG = Logger.getLogger(DrainResource.class.getName());
    private static final Duration LONGEST = Duration.ofHours(1);

    private final NodeDrain drain;

    protected DrainResource() {
        this.drain = null; // for CDI proxies only
    }

    @Inject
    public DrainResource(NodeDrain drain) {
        this.drain = drain;
    }

    /** Body optional: {@code {"deadline": "PT60S", "exit": true}}. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Drain this node (host key only)", description = "Optional body {\"deadline\": \"PT60S\", "
            + "\"exit\": true}: moves everyone here to other nodes without them leaving; the node turns new sockets "
            + "away and is not ready from now on")
    @APIResponse(responseCode = "202", description = "{state, startedAt, deadline, participantsMoving, roomsHere}")
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: a bad body or deadline")
    @APIResponse(responseCode = "401", description = "UNAUTHORIZED: not the host key")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: too many failed sign-ins from here; see Retry-After")
    public Response start(String body) {
        Duration deadline;
        boolean exit;
        try {
            String requested = JsonBodies.optionalString(body, "deadline", "PT60S");
            deadline = requested == null ? drain.defaultDeadline() : Duration.parse(requested);
            exit = JsonBodies.optionalBoolean(body, "exit");
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, ErrorCode.INVALID_REQUEST, e instanceof DateTimeParseException
                    ? "'deadline' must be an ISO-8601 duration such as PT60S." : e.getMessage());
        }
        if (deadline.compareTo(Duration.ofSeconds(1)) < 0 || deadline.compareTo(LONGEST) > 0) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, ErrorCode.INVALID_REQUEST,
                    "'deadline' must be between PT1S and PT1H.");
        }
        NodeDrain.Status status = drain.start(deadline);
        Thread waiter = new Thread(() -> awaitThenMaybeExit(exit), "parley-drain");
        waiter.setDaemon(!exit);
        waiter.start();
        return Response.accepted(json(status)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How far this node's drain has come (host key only)")
    @APIResponse(responseCode = "200", description = "{state: serving | draining | drained, startedAt, deadline, "
            + "participantsMoving, roomsHere}")
    @APIResponse(responseCode = "401", description = "UNAUTHORIZED: not the host key")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: too many failed sign-ins from here; see Retry-After")
    public JsonObject status() {
        return json(drain.status());
    }

    private void awaitThenMaybeExit(boolean exit) {
        try {
            drain.awaitDrained();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Waiting for the drain failed", e);
        }
        if (exit) {
            LOG.info("Drained: exiting, as the drain request asked");
            System.exit(0);
        }
    }

    private static JsonObject json(NodeDrain.Status status) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("state", status.state().name().toLowerCase());
        if (status.startedAt() != null) {
            json.add("startedAt", status.startedAt().toString()).add("deadline", status.deadline().toString())
                    .add("participantsMoving", status.participantsMoving()).add("roomsHere", status.roomsHere());
        }
        return json.build();
    }
}
