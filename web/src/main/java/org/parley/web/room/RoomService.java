package org.parley.web.room;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ProtocolException;
import org.parley.web.invite.InviteTokens;
import org.parley.web.invite.Role;

/** Decides who may create, see and enter rooms, and keeps occupancy consistent. */
@ApplicationScoped
public class RoomService {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_DISPLAY_NAME_LENGTH = 100;
    private static final String DEFAULT_NAME = "Parley meeting";
    private static final String DEFAULT_DISPLAY_NAME = "Guest";

    private final RoomRepository rooms;
    private final RoomLocks locks;
    private final InviteTokens tokens;
    private final Clock clock;

    protected RoomService() {
        this.rooms = null; // for CDI proxies only
        this.locks = null;
        this.tokens = null;
        this.clock = null;
    }

    @Inject
    public RoomService(RoomRepository rooms, RoomLocks locks, InviteTokens tokens) {
        this.rooms = rooms;
        this.locks = locks;
        this.tokens = tokens;
        this.clock = Clock.systemUTC();
    }

    /** A new room and its two invitations. */
    public record Created(Room room, String participantToken, String hostToken) {}

    /** @throws IllegalArgumentException with a message for people when the name is unacceptable */
    public Created create(String requestedName) {
        String name = requestedName == null || requestedName.isBlank() ? DEFAULT_NAME : requestedName.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("The room name must be at most " + MAX_NAME_LENGTH + " characters.");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The room name must not contain control characters.");
        }
        Room room = new Room(RoomIds.next(), name, clock.instant());
        rooms.create(room);
        return new Created(room, tokens.issue(room.id(), Role.PARTICIPANT), tokens.issue(room.id(), Role.HOST));
    }

    public Optional<RoomState> state(String roomId) {
        if (!RoomIds.isWellFormed(roomId)) {
            return Optional.empty();
        }
        return rooms.find(roomId).map(room -> new RoomState(room, rooms.occupancyCount(roomId), rooms.occupants(roomId)));
    }

    /**
     * Records a new present occupant. {@code announce} runs while the room is still locked, so everyone in the
     * room learns of joins and leaves in the same order as the occupant lists say they happened.
     */
    public Entry enter(String roomId, String token, String displayName, Consumer<Entry> announce) throws ProtocolException {
        if (!RoomIds.isWellFormed(roomId) || rooms.find(roomId).isEmpty()) {
            throw new ProtocolException(ErrorCode.ROOM_NOT_FOUND, "There is no room '" + abbreviate(roomId) + "'.");
        }
        Role role = tokens.verify(token, roomId).orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED,
                "The invitation is not valid for this room, or it has expired."));
        String name = displayName(displayName);
        return locks.inRoom(roomId, () -> {
            List<Occupant> present = rooms.occupants(roomId).stream().filter(Occupant::isPresent).toList();
            if (role == Role.HOST && present.stream().anyMatch(Occupant::isHost)) {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED, "This room already has a host");
            }
            Occupant occupant = new Occupant(UUID.randomUUID().toString(), name, role == Role.HOST, true);
            rooms.saveOccupant(roomId, occupant, present.size() + 1L);
            Entry entry = new Entry(roomId, occupant, present);
            announce.accept(entry);
            return entry;
        });
    }

    /** Removes the occupant; {@code announce} runs while the room is still locked (see {@link #enter}). */
    public void exit(String roomId, String participantId, Runnable announce) throws ProtocolException {
        locks.inRoom(roomId, () -> {
            long remaining = rooms.occupants(roomId).stream()
                    .filter(o -> o.isPresent() && !o.participantId().equals(participantId))
                    .count();
            rooms.removeOccupant(roomId, participantId, remaining);
            announce.run();
            return null;
        });
    }

    private static String displayName(String requested) throws ProtocolException {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_DISPLAY_NAME;
        }
        String name = requested.strip();
        if (name.length() > MAX_DISPLAY_NAME_LENGTH) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                    "The display name must be at most " + MAX_DISPLAY_NAME_LENGTH + " characters.");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "The display name must not contain control characters.");
        }
        return name;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
