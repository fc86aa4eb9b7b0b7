package org.parley.web.room;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.web.rest.RestApplication;
import org.parley.api.rooms.RoomCreated;
import org.parley.api.signalling.ErrorCode;
import org.parley.web.config.PublicUrl;
import org.parley.web.rest.ApiErrors;
import org.parley.web.rest.HostOnly;
import org.parley.web.rest.JsonBodies;

/** {@code /api/rooms}: translates HTTP to {@link RoomService} calls and back. */
@Path("rooms")
@HostOnly
@Tag(name = "rooms")
@SecurityRequirement(name = RestApplication.HOST_AUTH)
@ApplicationScoped
public class RoomsResource {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final RoomService rooms;
    private final PublicUrl publicUrl;

    protected RoomsResource() {
        this.rooms = null; // for CDI proxies only
        this.publicUrl = null;
    }

    @Inject
    public RoomsResource(RoomService rooms, PublicUrl publicUrl) {
        this.rooms = rooms;
        this.publicUrl = publicUrl;
    }

    /** Body optional: {@code {"name": "..."}}; read by hand so every bad body gets the same clear 400. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a room", description = "Optional body {\"name\": \"…\"} (at most 100 characters).")
    @APIResponse(responseCode = "201", description = "{id, name, joinUrl, hostJoinUrl}")
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: a bad body or name")
    @APIResponse(responseCode = "401", description = "UNAUTHORIZED: no valid host key, credential or sign-in token")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: too many failed sign-ins from here; see Retry-After")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: signed in, but not in the hosts' group")
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: Redis cannot be reached")
    public Response create(String body, @Context UriInfo uri) {
        String name;
        try {
            name = requestedName(body);
        } catch (IllegalArgumentException e) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        RoomService.Created created;
        try {
            created = rooms.create(name);
        } catch (IllegalArgumentException e) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        // The application's root: the API's base is <root>/api/.
        URI base = publicUrl.base(uri.getBaseUri().resolve(".."));
        Room room = created.room();
        return Response.created(uri.getAbsolutePathBuilder().path(room.id()).build())
                .entity(new RoomCreated(room.id(), room.name(),
                        joinUrl(base, room.id(), created.participantToken()),
                        joinUrl(base, room.id(), created.hostToken())))
                .build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A room's state", description = "{id, name, occupancyCount, occupants}")
    @APIResponse(responseCode = "200", description = "the room and its occupants")
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: a malformed room id")
    @APIResponse(responseCode = "401", description = "UNAUTHORIZED: no valid host key, credential or sign-in token")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: too many failed sign-ins from here; see Retry-After")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: signed in, but not in the hosts' group")
    @APIResponse(responseCode = "404", description = "ROOM_NOT_FOUND")
    @APIResponse(responseCode = "410", description = "ROOM_ENDED: the host ended the meeting")
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: Redis cannot be reached")
    public Response state(@PathParam("id") String id) {
        if (!RoomIds.isWellFormed(id)) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, ErrorCode.INVALID_REQUEST, RoomIds.problem(id));
        }
        Optional<RoomState> state = rooms.state(id);
        if (state.isEmpty()) {
            return ApiErrors.of(Response.Status.NOT_FOUND, ErrorCode.ROOM_NOT_FOUND, "There is no room '" + id + "'.");
        }
        if (state.get().room().isEnded()) {
            return ApiErrors.of(Response.Status.GONE, ErrorCode.ROOM_ENDED,
                    "The host ended this meeting at " + state.get().room().endedAt() + ".");
        }
        return Response.ok(toJson(state.get())).build();
    }

    private static String joinUrl(URI base, String roomId, String token) {
        // Room ids and tokens are base64url: nothing to escape.
        return base.resolve("r/" + roomId) + "?t=" + token;
    }

    private static String requestedName(String body) {
        return JsonBodies.optionalString(body, "name", "Weekly sync");
    }

    private static JsonObject toJson(RoomState state) {
        JsonObjectBuilder occupants = JSON.createObjectBuilder();
        for (Occupant occupant : state.occupants()) {
            occupants.add(occupant.participantId(), JSON.createObjectBuilder()
                    .add("isHost", occupant.isHost())
                    .add("isPresent", occupant.isPresent())
                    .add("displayName", occupant.displayName())
                    .add("audioMuted", occupant.audioMuted())
                    .add("videoMuted", occupant.videoMuted()));
        }
        return JSON.createObjectBuilder()
                .add("id", state.room().id())
                .add("name", state.room().name())
                .add("occupancyCount", state.occupancyCount())
                .add("occupants", occupants)
                .build();
    }
}
