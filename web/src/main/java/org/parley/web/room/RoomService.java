package org.parley.web.room;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.MediaKind;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.web.invite.InviteTokens;
import org.parley.web.invite.ResumeTokens;
import org.parley.web.invite.Role;

/**
 * Decides who may create, see, enter and resume rooms and who may mute whom, and keeps occupancy consistent: the
 * occupancy count is the number of present occupants; away ones are kept but not counted.
 */
@ApplicationScoped
public class RoomService {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_DISPLAY_NAME_LENGTH = 100;
    private static final String DEFAULT_NAME = "Parley meeting";
    private static final String DEFAULT_DISPLAY_NAME = "Guest";

    private final RoomRepository rooms;
    private final RoomLocks locks;
    private final InviteTokens tokens;
    private final ResumeTokens resumeTokens;
    private final Clock clock;
    private final int maxParticipants;
    private final int stageSize;
    private final PresenceIndex presence;

    protected RoomService() {
        this.rooms = null; // for CDI proxies only
        this.locks = null;
        this.tokens = null;
        this.resumeTokens = null;
        this.clock = null;
        this.maxParticipants = 0;
        this.stageSize = 0;
        this.presence = null;
    }

    /** A process on its own (see {@link PresenceIndex#NONE}). */
    public RoomService(RoomRepository rooms, RoomLocks locks, InviteTokens tokens, ResumeTokens resumeTokens,
                       int maxParticipants, int stageSize) {
        this(rooms, locks, tokens, resumeTokens, maxParticipants, stageSize, PresenceIndex.NONE);
    }

    @Inject
    public RoomService(RoomRepository rooms, RoomLocks locks, InviteTokens tokens, ResumeTokens resumeTokens,
                       @ConfigProperty(name = "parley.room.max-participants", defaultValue = "16") int maxParticipants,
                       @ConfigProperty(name = "parley.room.stage-size", defaultValue = "50") int stageSize,
                       PresenceIndex presence) {
        if (maxParticipants < 1) {
            throw new IllegalArgumentException("parley.room.max-participants must be at least 1, not " + maxParticipants);
        }
        if (stageSize < 1) {
            throw new IllegalArgumentException("parley.room.stage-size must be at least 1, not " + stageSize);
        }
        this.stageSize = stageSize;
        this.rooms = rooms;
        this.locks = locks;
        this.tokens = tokens;
        this.resumeTokens = resumeTokens;
        this.clock = Clock.systemUTC();
        this.maxParticipants = maxParticipants;
        this.presence = presence;
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
        Role role = admit(roomId, token);
        String name = displayName(displayName);
        return locks.inRoom(roomId, () -> {
            requireOpen(roomId); // it may have ended while we waited for the lock
            List<Occupant> all = rooms.occupants(roomId);
            if (role == Role.HOST && all.stream().anyMatch(Occupant::isHost)) {
                throw hostPresent();
            }
            if (all.size() >= maxParticipants) {
                throw new ProtocolException(ErrorCode.ROOM_FULL, "This room is full (" + maxParticipants + " people).");
            }
            // A full stage: newcomers (but the host) join the audience, counted by the others rather than announced.
            boolean audience = role != Role.HOST && all.stream().filter(o -> !o.inAudience()).count() >= stageSize;
            Occupant occupant = Occupant.arriving(UUID.randomUUID().toString(), name, role == Role.HOST, audience,
                    presence.nodeId());
            rooms.saveOccupant(roomId, occupant, presentExcept(all, occupant.participantId()) + 1);
            presence.held(roomId, occupant.participantId());
            Entry entry = new Entry(roomId, occupant, all, resumeTokens.issue(roomId, occupant.participantId()));
            announce.accept(entry);
            return entry;
        });
    }

    /**
     * Brings an occupant whose connection was lost back, as themselves: the invitation must still be valid, the
     * resume token must be theirs, and the room must still keep them (they are away, or their old connection has not
     * been noticed dead yet). {@code announce} runs with the room locked.
     */
    public Entry resume(String roomId, String token, String resumeToken, Consumer<Entry> announce) throws ProtocolException {
        admit(roomId, token);
        String participantId = resumeTokens.verify(resumeToken, roomId).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNAUTHORIZED, "The resume token is not valid for this room; join without one."));
        return locks.inRoom(roomId, () -> {
            requireOpen(roomId);
            List<Occupant> all = rooms.occupants(roomId);
            Occupant previous = find(all, participantId).orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED,
                    "That session has ended (it left, or was away longer than the reconnect grace period); join without a resume token."));
            if (previous.isHost() && all.stream().anyMatch(o -> o.isHost() && !o.participantId().equals(participantId))) {
                throw hostPresent();
            }
            Occupant back = previous.withPresent(true).heldBy(presence.nodeId());
            rooms.saveOccupant(roomId, back, presentExcept(all, participantId) + 1);
            presence.held(roomId, participantId);
            List<Occupant> others = all.stream().filter(o -> !o.participantId().equals(participantId)).toList();
            Entry entry = new Entry(roomId, back, others, resumeTokens.issue(roomId, participantId));
            announce.accept(entry);
            return entry;
        });
    }

    /**
     * Records that the occupant's connection is gone but they may come back: kept, not counted. Does nothing (and
     * returns false) unless {@code stillTheirs}, asked with the room locked, says the lost connection still stands
     * for them (a resume on a new connection may have won the race); {@code announce} then runs with the room locked.
     */
    public boolean markAway(String roomId, String participantId, BooleanSupplier stillTheirs, Consumer<Occupant> announce)
            throws ProtocolException {
        return locks.inRoom(roomId, () -> {
            if (!stillTheirs.getAsBoolean()) {
                return false;
            }
            List<Occupant> all = rooms.occupants(roomId);
            Optional<Occupant> current = find(all, participantId);
            if (current.isEmpty()) {
                return false;
            }
            Occupant away = current.get().withPresent(false).heldBy(presence.nodeId()); // this node times the absence
            rooms.saveOccupant(roomId, away, presentExcept(all, participantId));
            announce.accept(away);
            return true;
        });
    }

    /**
     * The signalling node that held the occupant died without a word: this node takes them over, away. {@code
     * takenOver} gets them as they were (present or already away), with the room locked; this node then times their
     * absence. Does nothing (returns false) when the room no longer has them or another node holds them now (they
     * resumed elsewhere).
     */
    public boolean takeOver(String roomId, String participantId, String deadNode, Consumer<Occupant> takenOver)
            throws ProtocolException {
        return locks.inRoom(roomId, () -> {
            List<Occupant> all = rooms.occupants(roomId);
            Optional<Occupant> current = find(all, participantId).filter(o -> deadNode.equals(o.node()));
            if (current.isEmpty()) {
                return false;
            }
            Occupant away = current.get().withPresent(false).heldBy(presence.nodeId());
            rooms.saveOccupant(roomId, away, presentExcept(all, participantId));
            presence.held(roomId, participantId);
            takenOver.accept(current.get());
            return true;
        });
    }

    /**
     * Removes an occupant who stayed away, if {@code stillDue} (asked with the room locked) and they are still away;
     * {@code announce} then runs with the room locked. True when they are no longer in the room (removed now, or
     * the room itself went), so their media can go.
     */
    public boolean expire(String roomId, String participantId, BooleanSupplier stillDue, Consumer<Departure> announce)
            throws ProtocolException {
        return locks.inRoom(roomId, () -> {
            if (!stillDue.getAsBoolean()) {
                return false;
            }
            List<Occupant> all = rooms.occupants(roomId);
            Optional<Occupant> current = find(all, participantId);
            if (current.isEmpty()) {
                return true; // the room no longer has them (it expired or ended): gone all the same
            }
            if (current.get().isPresent()) {
                return false;
            }
            rooms.removeOccupant(roomId, participantId, presentExcept(all, participantId));
            presence.released(roomId, participantId);
            announce.accept(departure(all, current.get()));
            return true;
        });
    }

    /**
     * Removes the occupant, present or away, if {@code stillDue} (asked with the room locked); {@code announce} then
     * runs with the room locked. For departures that could not be recorded when they happened.
     */
    public boolean forget(String roomId, String participantId, BooleanSupplier stillDue, Consumer<Departure> announce)
            throws ProtocolException {
        return locks.inRoom(roomId, () -> {
            if (!stillDue.getAsBoolean()) {
                return false;
            }
            List<Occupant> all = rooms.occupants(roomId);
            Optional<Occupant> current = find(all, participantId);
            if (current.isEmpty()) {
                return false;
            }
            rooms.removeOccupant(roomId, participantId, presentExcept(all, participantId));
            presence.released(roomId, participantId);
            announce.accept(departure(all, current.get()));
            return true;
        });
    }

    /**
     * Removes the occupant; {@code announce} gets who left (when the room still had them) while the room is still
     * locked (see {@link #enter}).
     */
    public void exit(String roomId, String participantId, Consumer<Departure> announce) throws ProtocolException {
        locks.inRoom(roomId, () -> {
            List<Occupant> all = rooms.occupants(roomId);
            rooms.removeOccupant(roomId, participantId, presentExcept(all, participantId));
            presence.released(roomId, participantId);
            find(all, participantId).ifPresent(gone -> announce.accept(departure(all, gone)));
            return null;
        });
    }

    /** Whether the room keeps the participant and they are present (connected to any node). */
    public boolean isPresent(String roomId, String participantId) {
        return find(rooms.occupants(roomId), participantId).map(Occupant::isPresent).orElse(false);
    }

    /** Whether anyone in the room is present (connected to any node). */
    public boolean anyonePresent(String roomId) {
        return rooms.occupants(roomId).stream().anyMatch(Occupant::isPresent);
    }

    /** Present occupants in the room's audience, for the count everyone is told. */
    public int audienceCount(String roomId) {
        return (int) rooms.occupants(roomId).stream().filter(Occupant::watchesFromAudience).count();
    }

    /** The occupant muted or unmuted their own track of {@code kind}; {@code announce} gets the updated occupant. */
    public Occupant setMuted(String roomId, String participantId, MediaKind kind, boolean muted, Consumer<Occupant> announce)
            throws ProtocolException {
        return locks.inRoom(roomId, () -> {
            List<Occupant> all = rooms.occupants(roomId);
            Occupant occupant = find(all, participantId).orElseThrow(() -> notFound(participantId));
            return update(roomId, all, occupant.withMuted(kind, muted), announce);
        });
    }

    /** The occupant started or stopped sharing their screen; {@code announce} gets the updated occupant. */
    public Occupant setSharingScreen(String roomId, String participantId, boolean sharing, Consumer<Occupant> announce)
            throws ProtocolException {
        return locks.inRoom(roomId, () -> {
            List<Occupant> all = rooms.occupants(roomId);
            Occupant occupant = find(all, participantId).orElseThrow(() -> notFound(participantId));
            return update(roomId, all, occupant.withSharingScreen(sharing), announce);
        });
    }

    /**
     * The host mutes another occupant's microphone. Only the host may, and only microphones: a camera stays under its
     * owner's control, and only the owner can unmute. {@code announce} gets the updated occupant.
     */
    public Occupant muteByHost(String roomId, String hostId, String targetId, MediaKind kind, Consumer<Occupant> announce)
            throws ProtocolException {
        return locks.inRoom(roomId, () -> {
            List<Occupant> all = rooms.occupants(roomId);
            if (find(all, hostId).filter(Occupant::isHost).isEmpty()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "Only the host can mute other participants.");
            }
            if (kind != MediaKind.AUDIO) {
                throw new ProtocolException(ErrorCode.FORBIDDEN,
                        "A host can mute microphones (kind 'audio') only; cameras stay under their owner's control.");
            }
            Occupant target = find(all, targetId).orElseThrow(() -> notFound(targetId));
            return update(roomId, all, target.withMuted(kind, true), announce);
        });
    }

    /**
     * The host ends the meeting: every occupant (present or away) is dropped and the room is marked ended, so its links
     * stop working. {@code announce} gets everyone who was in it, with the room locked.
     */
    public void endMeeting(String roomId, String hostId, Consumer<List<Occupant>> announce) throws ProtocolException {
        locks.inRoom(roomId, () -> {
            List<Occupant> all = rooms.occupants(roomId);
            requireHost(all, hostId, "Only the host can end the meeting.");
            rooms.end(roomId, clock.instant());
            all.forEach(gone -> presence.released(roomId, gone.participantId()));
            announce.accept(all);
            return null;
        });
    }

    /**
     * The host takes {@code targetId} out of the room; {@code announce} gets their departure, with the room locked.
     * Not a ban: with the room's link they can join again as someone new.
     */
    public Occupant remove(String roomId, String hostId, String targetId, Consumer<Departure> announce) throws ProtocolException {
        return locks.inRoom(roomId, () -> {
            List<Occupant> all = rooms.occupants(roomId);
            requireHost(all, hostId, "Only the host can remove participants.");
            if (hostId.equals(targetId)) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "The host cannot remove themselves; send 'leave' or 'endMeeting'.");
            }
            Occupant target = find(all, targetId).orElseThrow(() -> notFound(targetId));
            rooms.removeOccupant(roomId, targetId, presentExcept(all, targetId));
            presence.released(roomId, targetId);
            announce.accept(departure(all, target));
            return target;
        });
    }

    /**
     * The occupant's media connection was lost or is back: present follows it. Does nothing (returns empty) unless
     * {@code stillTheirs}, asked with the room locked, says the reporting connection still stands for them, and their
     * presence actually changes; {@code announce} then gets the updated occupant, with the room locked.
     */
    public Optional<Occupant> setPresent(String roomId, String participantId, boolean present, BooleanSupplier stillTheirs,
                                         Consumer<Occupant> announce) throws ProtocolException {
        return locks.inRoom(roomId, () -> {
            if (!stillTheirs.getAsBoolean()) {
                return Optional.empty();
            }
            List<Occupant> all = rooms.occupants(roomId);
            Optional<Occupant> current = find(all, participantId);
            if (current.isEmpty() || current.get().isPresent() == present) {
                return Optional.empty();
            }
            return Optional.of(update(roomId, all, current.get().withPresent(present), announce));
        });
    }

    private Occupant update(String roomId, List<Occupant> all, Occupant updated, Consumer<Occupant> announce) {
        rooms.saveOccupant(roomId, updated, presentExcept(all, updated.participantId()) + (updated.isPresent() ? 1 : 0));
        announce.accept(updated);
        return updated;
    }

    /**
     * Whether {@code token} lets its holder into the existing, open room {@code roomId}, without entering it (for a
     * connection test before joining).
     *
     * @throws ProtocolException as a join would be refused: INVALID_REQUEST, UNAUTHORIZED, TOKEN_EXPIRED,
     *                           ROOM_NOT_FOUND, ROOM_ENDED
     */
    public void checkInvitation(String roomId, String token) throws ProtocolException {
        admit(roomId, token);
    }

    /** The role {@code token} grants in the existing, open room {@code roomId}. Changes nothing. */
    private Role admit(String roomId, String token) throws ProtocolException {
        if (!RoomIds.isWellFormed(roomId)) {
            throw new ProtocolException(ErrorCode.INVALID_REQUEST, RoomIds.problem(roomId)); // Redis is not asked
        }
        InviteTokens.Verdict verdict = tokens.check(token, roomId);
        requireOpen(roomId);
        if (verdict instanceof InviteTokens.Verdict.Valid valid) {
            return valid.role();
        }
        if (verdict instanceof InviteTokens.Verdict.Expired expired) {
            throw new ProtocolException(ErrorCode.TOKEN_EXPIRED,
                    "This invitation expired at " + expired.expiredAt() + "; ask the host for a new link.");
        }
        throw new ProtocolException(ErrorCode.UNAUTHORIZED, "The invitation is not valid for this room.");
    }

    private void requireOpen(String roomId) throws ProtocolException {
        Room room = rooms.find(roomId).orElseThrow(() -> new ProtocolException(ErrorCode.ROOM_NOT_FOUND,
                "There is no room '" + abbreviate(roomId) + "' (it never existed, or stood empty until it expired)."));
        if (room.isEnded()) {
            throw new ProtocolException(ErrorCode.ROOM_ENDED, "The host ended this meeting.");
        }
    }

    private static void requireHost(List<Occupant> all, String hostId, String refusal) throws ProtocolException {
        if (find(all, hostId).filter(Occupant::isHost).isEmpty()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, refusal);
        }
    }

    private static ProtocolException hostPresent() {
        return new ProtocolException(ErrorCode.HOST_ALREADY_PRESENT,
                "This room already has its host; join with the participant link instead.");
    }

    /** {@code gone}, one of {@code all}, has just been removed. */
    private static Departure departure(List<Occupant> all, Occupant gone) {
        return new Departure(gone, all.size() == 1);
    }

    private static Optional<Occupant> find(List<Occupant> occupants, String participantId) {
        return occupants.stream().filter(o -> o.participantId().equals(participantId)).findFirst();
    }

    /** How many occupants are present, not counting {@code participantId}. */
    private static long presentExcept(List<Occupant> occupants, String participantId) {
        return occupants.stream().filter(o -> o.isPresent() && !o.participantId().equals(participantId)).count();
    }

    private static ProtocolException notFound(String participantId) {
        return new ProtocolException(ErrorCode.PARTICIPANT_NOT_FOUND,
                "There is no participant '" + abbreviate(participantId) + "' in this room.");
    }

    private static String displayName(String requested) throws ProtocolException {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_DISPLAY_NAME;
        }
        String name = requested.strip();
        if (name.length() > MAX_DISPLAY_NAME_LENGTH) {
            throw new ProtocolException(ErrorCode.INVALID_REQUEST,
                    "The display name must be at most " + MAX_DISPLAY_NAME_LENGTH + " characters.");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new ProtocolException(ErrorCode.INVALID_REQUEST, "The display name must not contain control characters.");
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
