package org.parley.web.connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.web.rest.RestApplication;
import org.parley.api.signalling.ErrorCode;
import org.parley.web.rest.ApiErrors;
import org.parley.web.rest.HostOnly;
import org.parley.web.room.Occupant;
import org.parley.web.room.RoomIds;
import org.parley.web.room.RoomService;
import org.parley.web.room.RoomState;

/**
 * {@code GET /api/rooms/{id}/connections}: how each present participant's media connection is doing, as their browser
 * last reported it (path, round trip, loss, diagnosis), for the host and operators.
 */
@Path("rooms/{id}/connections")
@HostOnly
@Tag(name = "rooms")
@SecurityRequirement(name = RestApplication.HOST_AUTH)
@ApplicationScoped
public class ConnectionsResource {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final RoomService rooms;
    private final ConnectionReports reports;

    protected ConnectionsResource() {
        this.rooms = null; // for CDI proxies only
        this.reports = null;
    }

    @Inject
    public ConnectionsResource(RoomService rooms, ConnectionReports reports) {
        this.rooms = rooms;
        this.reports = reports;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How each present participant's media connection is doing",
            description = "{roomId, participants: [{participantId, displayName, isHost, path, roundTripMs, lossPercent,"
                    + " diagnosis, reportedAt}]}, from each browser's latest connection report")
    @APIResponse(responseCode = "200", description = "every present participant, with their latest report")
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: a malformed room id")
    @APIResponse(responseCode = "401", description = "UNAUTHORIZED: no valid host key, credential or sign-in token")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: too many failed sign-ins from here; see Retry-After")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: signed in, but not in the hosts' group")
    @APIResponse(responseCode = "404", description = "ROOM_NOT_FOUND: no such meeting going on")
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: Redis cannot be reached")
    public Response connections(@PathParam("id") String id) {
        if (!RoomIds.isWellFormed(id)) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, ErrorCode.INVALID_REQUEST, RoomIds.problem(id));
        }
        Optional<RoomState> state = rooms.state(id);
        if (state.isEmpty() || state.get().room().isEnded()) {
            return ApiErrors.of(Response.Status.NOT_FOUND, ErrorCode.ROOM_NOT_FOUND, "There is no meeting '" + id
                    + "' going on.");
        }
        Map<String, ReportedConnection> latest = reports.of(id);
        JsonArrayBuilder participants = JSON.createArrayBuilder();
        for (Occupant occupant : state.get().occupants()) {
            if (!occupant.isPresent()) {
                continue;
            }
            JsonObjectBuilder entry = JSON.createObjectBuilder()
                    .add("participantId", occupant.participantId())
                    .add("displayName", occupant.displayName())
                    .add("isHost", occupant.isHost());
            ReportedConnection report = latest.get(occupant.participantId());
            if (report != null) {
                entry.add("path", report.path()).add("roundTripMs", report.roundTripMs())
                        .add("lossPercent", report.lossPercent()).add("reportedAt", report.reportedAt().toString());
                if (report.diagnosis() != null) {
                    entry.add("diagnosis", report.diagnosis());
                }
            }
            participants.add(entry);
        }
        return Response.ok(JSON.createObjectBuilder().add("roomId", id).add("participants", participants).build()).build();
    }
}
