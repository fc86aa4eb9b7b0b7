package org.parley.web.signalling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.Candidate;
import org.parley.api.signalling.ConnectionReport;
import org.parley.api.signalling.Audience;
import org.parley.api.signalling.EndMeeting;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Leave;
import org.parley.api.signalling.MeetingEnded;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Mute;
import org.parley.api.signalling.ShareScreen;
import org.parley.api.signalling.MuteParticipant;
import org.parley.api.signalling.MutedByHost;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.Participant;
import org.parley.api.signalling.ParticipantJoined;
import org.parley.api.signalling.ParticipantLeft;
import org.parley.api.signalling.ParticipantUpdated;
import org.parley.api.signalling.Probe;
import org.parley.api.signalling.ProtocolException;
import org.parley.api.signalling.RemoveParticipant;
import org.parley.api.signalling.Removed;
import org.parley.api.signalling.RestartIce;
import org.parley.media.spi.MediaKind;
import org.parley.web.media.MediaNode;
import org.parley.web.room.Departure;
import org.parley.web.room.Entry;
import org.parley.web.room.Occupant;
import org.parley.web.room.RoomService;
import org.parley.web.connection.ConnectionReports;
import org.parley.web.turn.IceServerIssuer;
import org.parley.web.webhook.RoomEvent;
import org.parley.web.webhook.RoomEvent.LeaveReason;
import org.parley.web.webhook.RoomEvents;

/**
 * The signalling protocol's state machine: join (or resume) first, then media signals and mutes, then leave. Room
 * membership is decided by {@link RoomService}; media by the {@link MediaNode}.
 * <p>
 * A socket that closes without {@code leave} makes its participant <em>away</em>: still in the room, media kept,
 * not counted, for {@code parley.reconnect-grace}. A {@code join} with their resume token within that time brings
 * them back on the new socket; otherwise they leave when it runs out.
 */
@ApplicationScoped
public class SignallingService {

    private static final Logger LOG = Logger.getLogger(SignallingService.class.getName());
    /** How often a departure Redis could not record is tried again, and how many times. */
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final int MAX_RETRIES = 720;
    /** Audience changes are told as one count, at most this often per room. */
    static final Duration AUDIENCE_BATCH = Duration.ofSeconds(1);

    private final RoomService rooms;
    private final RoomChannel channel;
    private final MediaNode media;
    private final Timers timers;
    private final IceServerIssuer iceServers;
    private final ConnectionReports connectionReports;
    /** Joins, leaves and ends, for webhooks: reported with the room locked, so in the order they were recorded. */
    private final RoomEvents events;
    private final Duration grace;
    /**
     * The live socket of each member connected to this process. Entries are added and, when a socket is lost,
     * claimed under the room's lock, so a resume and the loss of the socket it replaces are ordered.
     */
    private final Map<Connection.Membership, Connection> sockets = new ConcurrentHashMap<>();
    /** Members who are away, each with the timer that ends their membership; changed under the room's lock. */
    private final Map<Connection.Membership, Absence> absences = new ConcurrentHashMap<>();
    /** Members this node asked to move while draining, until they resume (on any node) or leave. */
    private final Set<Connection.Membership> moving = ConcurrentHashMap.newKeySet();
    /** Draining: new sockets and joins are turned away (1012), so pages reconnect to another node. */
    private volatile boolean draining;
    /** Rooms whose audience count is due to be told. */
    private final Set<String> audienceCounts = ConcurrentHashMap.newKeySet();

    /** One spell away; its identity tells a stale timer from the current one. */
    private static final class Absence {
        volatile Future<?> timer;

        void cancel() {
            Future<?> scheduled = timer;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    protected SignallingService() {
        this.rooms = null; // for CDI proxies only
        this.channel = null;
        this.media = null;
        this.timers = null;
        this.iceServers = null;
        this.connectionReports = null;
        this.events = null;
        this.grace = null;
    }

    @Inject
    public SignallingService(RoomService rooms, RoomChannel channel, MediaNode media, Timers timers,
                             IceServerIssuer iceServers, ConnectionReports connectionReports, RoomEvents events,
                             @ConfigProperty(name = "parley.reconnect-grace", defaultValue = "PT30S") Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("parley.reconnect-grace must not be negative, not " + grace);
        }
        this.rooms = rooms;
        this.channel = channel;
        this.media = media;
        this.timers = timers;
        this.iceServers = iceServers;
        this.connectionReports = connectionReports;
        this.events = events;
        this.grace = grace;
        channel.onEvicted(this::evictedElsewhere);
    }

    /** @throws ProtocolException to be reported to this client only; its socket stays open */
    void handle(Connection connection, Message.FromClient message) throws ProtocolException {
        if (message instanceof Join && draining) {
            connection.closeForRestart();
        } else if (message instanceof Join join) {
            if (join.resumeToken() == null || join.resumeToken().isEmpty()) {
                join(connection, join);
            } else {
                resume(connection, join);
            }
        } else if (message instanceof Leave) {
            leave(connection);
        } else if (message instanceof Offer || message instanceof Answer || message instanceof Candidate
                || message instanceof RestartIce) {
            Connection.Membership member = membership(connection, message);
            media.onSignal(member.roomId(), member.participantId(), message);
        } else if (message instanceof Mute mute) {
            mute(connection, mute);
        } else if (message instanceof ShareScreen share) {
            shareScreen(connection, share);
        } else if (message instanceof MuteParticipant muteParticipant) {
            muteParticipant(connection, muteParticipant);
        } else if (message instanceof EndMeeting) {
            endMeeting(connection);
        } else if (message instanceof RemoveParticipant removeParticipant) {
            removeParticipant(connection, removeParticipant);
        } else if (message instanceof Probe) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "'probe' (test my connection) goes to /ws/probe.");
        } else if (message instanceof ConnectionReport report) {
            Connection.Membership member = membership(connection, report);
            connectionReports.record(member.roomId(), member.participantId(), report);
        } else {
            throw new ProtocolException(ErrorCode.UNKNOWN_MESSAGE_TYPE, "Unhandled message type '" + MessageTypes.of(message) + "'.");
        }
    }

    /** Members whose socket is connected to this process now (for metrics). */
    public int connectedCount() {
        return sockets.size();
    }

    /**
     * This node is being drained: everyone connected here is recorded away (as after a lost socket, so their resume
     * on another node comes after it), then their socket is closed with 1012 and the page reconnects, through the load
     * balancer, to another node, and resumes as the same participant. New sockets and joins are turned away alike.
     *
     * @param beforeClosing told each participant's room and id before their socket closes
     * @return how many participants were asked to move
     */
    public int moveEveryoneElsewhere(BiConsumer<String, String> beforeClosing) {
        draining = true;
        int asked = 0;
        for (Map.Entry<Connection.Membership, Connection> socket : sockets.entrySet()) {
            Connection connection = socket.getValue();
            Optional<Connection.Membership> member = connection.end();
            if (member.isPresent()) {
                moving.add(member.get());
                goAway(member.get(), connection);
                beforeClosing.accept(member.get().roomId(), member.get().participantId());
                asked++;
            }
            connection.closeForRestart();
        }
        return asked;
    }

    /** Whether sockets are turned away because this node is being drained. */
    boolean refusesNewSockets() {
        return draining;
    }

    /** How many of those asked to move have neither resumed (on any node) nor left yet. */
    public int stillMoving() {
        moving.removeIf(member -> {
            try {
                return !absences.containsKey(member) || rooms.isPresent(member.roomId(), member.participantId());
            } catch (RuntimeException redisAway) {
                return false; // asked again at the next look
            }
        });
        return moving.size();
    }

    /** The socket closed or failed without {@code leave}: its participant is away until they resume or time runs out. */
    void disconnected(Connection connection) {
        connection.end().ifPresent(member -> goAway(member, connection));
    }

    /**
     * Shutting down: record everyone here as gone, or Redis would keep them (and a room's host locked out) after this
     * process is gone; nobody can resume on a process that is going. Runs before any bean is destroyed.
     */
    void departAll(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        sockets.forEach((member, connection) -> {
            if (connection.end().isPresent()) {
                sockets.remove(member, connection);
                depart(member, LeaveReason.SHUTDOWN);
            }
        });
        absences.forEach((member, absence) -> {
            absence.cancel();
            expire(member, absence, LeaveReason.SHUTDOWN);
        });
    }

    private void join(Connection connection, Join join) throws ProtocolException {
        if (!connection.startJoining()) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "This socket has already joined a room.");
        }
        Entry entry;
        try {
            entry = rooms.enter(join.roomId(), join.token(), join.displayName(), entered -> welcome(connection, entered, false));
        } catch (ProtocolException e) {
            connection.joinRefused();
            LOG.log(Level.INFO, "Room {0}: a join was refused: {1}", new Object[] {abbreviate(String.valueOf(join.roomId())), e.code()});
            throw e;
        } catch (RuntimeException e) {
            connection.joinRefused();
            throw e;
        }
        Connection.Membership member = membershipOf(entry);
        openMedia(connection, member, entry.occupant().inAudience());
        if (!connection.joined(member)) {
            sockets.remove(member, connection);
            depart(member, LeaveReason.LEFT); // the socket closed while joining
            return;
        }
        news(member, entry.occupant().isHost() ? "joined as the host"
                : entry.occupant().inAudience() ? "joined the audience" : "joined");
    }

    private void resume(Connection connection, Join join) throws ProtocolException {
        if (!connection.startJoining()) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "This socket has already joined a room.");
        }
        AtomicReference<Connection> replaced = new AtomicReference<>();
        Entry entry;
        try {
            entry = rooms.resume(join.roomId(), join.token(), join.resumeToken(), resumed -> {
                Connection.Membership member = membershipOf(resumed);
                Absence absence = absences.remove(member);
                if (absence != null) {
                    absence.cancel();
                }
                // Back before the old socket was noticed dead: this one takes over; the old one's loss is ignored.
                Connection previous = sockets.get(member);
                welcome(connection, resumed, true);
                if (previous != null && previous.end().isPresent()) {
                    replaced.set(previous);
                }
            });
        } catch (ProtocolException | RuntimeException e) {
            connection.joinRefused();
            throw e;
        }
        if (replaced.get() != null) {
            replaced.get().closeReplaced(); // outside the room's lock: closing may wait for the network
        }
        Connection.Membership member = membershipOf(entry);
        // keeps their media session, with messages now going to this socket
        openMedia(connection, member, entry.occupant().inAudience());
        if (!connection.joined(member)) {
            goAway(member, connection); // this socket too closed while resuming
            return;
        }
        news(member, "is back (resumed)");
    }

    /**
     * Runs with the room locked: the newcomer's view and everyone else's news are taken at the same moment. The
     * newcomer hears of everyone on the stage and of how many are in the audience, and gets TURN credentials issued
     * now: a resume refreshes them, so a page that reconnects late in a long meeting does not restart ICE with
     * credentials about to expire. A fresh join (not a resume) is reported for webhooks, after the room's start when
     * nobody, present or away, was in it.
     */
    private void welcome(Connection connection, Entry entry, boolean resumed) {
        Occupant self = entry.occupant();
        List<Participant> stage = entry.others().stream().filter(o -> !o.inAudience())
                .map(SignallingService::participant).toList();
        int audience = (int) entry.others().stream().filter(Occupant::watchesFromAudience).count();
        sockets.put(membershipOf(entry), connection);
        connection.sink().send(new Joined(entry.roomId(), self.participantId(), self.isHost(), stage,
                entry.resumeToken(), resumed, audience, iceServers.issueFor(self.participantId())));
        channel.subscribe(entry.roomId(), self.participantId(), connection.sink());
        Message news = resumed ? new ParticipantUpdated(participant(self)) : new ParticipantJoined(participant(self));
        announce(entry.roomId(), self, news);
        if (!resumed) {
            if (entry.others().isEmpty()) {
                events.emit(new RoomEvent.RoomStarted(entry.roomId()));
            }
            events.emit(new RoomEvent.ParticipantJoined(entry.roomId(), self));
        }
    }

    /**
     * Tells the room's others about {@code occupant}: in person when they are on the stage; as a new audience count,
     * sent a moment later for every change meanwhile, when they are in the audience.
     */
    private void announce(String roomId, Occupant occupant, Message news) {
        if (!occupant.inAudience()) {
            channel.publish(roomId, news, occupant.participantId());
        } else if (audienceCounts.add(roomId)) {
            try {
                timers.schedule(AUDIENCE_BATCH, () -> {
                    audienceCounts.remove(roomId);
                    try {
                        channel.publish(roomId, new Audience(rooms.audienceCount(roomId)), null);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Counting the audience of room " + roomId + " failed", e);
                    }
                });
            } catch (RuntimeException e) {
                audienceCounts.remove(roomId); // shutting down
            }
        }
    }

    /**
     * Runs with the room locked: the others see {@code gone} leave; webhooks hear of it, and of the room's end when
     * nobody, present or away, is left in it.
     */
    private void announceLeft(String roomId, Departure gone, LeaveReason reason) {
        announce(roomId, gone.occupant(), new ParticipantLeft(gone.occupant().participantId()));
        events.emit(new RoomEvent.ParticipantLeft(roomId, gone.occupant(), reason));
        if (gone.roomEmpty()) {
            events.emit(new RoomEvent.RoomEnded(roomId, RoomEvent.EndReason.EMPTY));
        }
    }

    /** A fresh join creates the media session; a resume only points the kept one at the new socket. */
    private void openMedia(Connection connection, Connection.Membership member, boolean inAudience)
            throws ProtocolException {
        try {
            media.open(member.roomId(), member.participantId(), inAudience,
                    new MemberSink(connection.sink(), sink -> mediaChanged(member, connection, sink)));
        } catch (RuntimeException e) {
            sockets.remove(member, connection);
            depart(member, LeaveReason.LEFT);
            connection.joinRefused();
            throw new ProtocolException(ErrorCode.INTERNAL_ERROR, "The media server could not add you; try again.", e);
        }
    }

    private void leave(Connection connection) throws ProtocolException {
        Connection.Membership member = membership(connection, new Leave());
        if (connection.end().isPresent()) {
            sockets.remove(member, connection);
            depart(member, LeaveReason.LEFT);
        }
        connection.close();
    }

    private void mute(Connection connection, Mute mute) throws ProtocolException {
        Connection.Membership member = membership(connection, mute);
        MediaKind kind = kindOf(mute.kind());
        rooms.setMuted(member.roomId(), member.participantId(), kind, mute.muted(),
                updated -> applyMute(member.roomId(), updated, kind));
    }

    /**
     * The member starts or stops sharing their screen: the media node forwards it (or refuses, when their offer named
     * no screen section), then everyone else is told.
     */
    private void shareScreen(Connection connection, ShareScreen share) throws ProtocolException {
        Connection.Membership member = membership(connection, share);
        media.onSignal(member.roomId(), member.participantId(), share);
        rooms.setSharingScreen(member.roomId(), member.participantId(), share.sharing(),
                updated -> announce(member.roomId(), updated, new ParticipantUpdated(participant(updated))));
    }

    private void muteParticipant(Connection connection, MuteParticipant request) throws ProtocolException {
        Connection.Membership member = membership(connection, request);
        MediaKind kind = kindOf(request.kind());
        if (request.participantId() == null || request.participantId().isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "'muteParticipant' needs the 'participantId' to mute.");
        }
        rooms.muteByHost(member.roomId(), member.participantId(), request.participantId(), kind, target -> {
            applyMute(member.roomId(), target, kind);
            channel.send(member.roomId(), target.participantId(), new MutedByHost(wireName(kind)));
        });
    }

    /** Runs with the room locked, so media and everyone's view follow the stored state in the same order. */
    private void applyMute(String roomId, Occupant occupant, MediaKind kind) {
        try {
            media.setMuted(roomId, occupant.participantId(), kind, occupant.isMuted(kind));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Muting " + kind + " of " + occupant.participantId() + " in the media failed", e);
        }
        // Not to the participant themselves: their page knows (or learns from mutedByHost), and lists only others.
        announce(roomId, occupant, new ParticipantUpdated(participant(occupant)));
    }

    /**
     * The media node says the member's media connection failed or is back (it calls from its own threads, which
     * must not wait for Redis: the change is recorded on a timer thread). Lost media makes them away while their
     * socket stays open, and they stay in the room: the reconnect grace only starts when the socket goes, since a
     * browser with a live socket may be restarting ICE. Each run applies the latest state, so a quick lost-and-back
     * ends as back whatever order the runs take.
     */
    private void mediaChanged(Connection.Membership member, Connection connection, MemberSink sink) {
        timers.schedule(Duration.ZERO, () -> {
            try {
                rooms.setPresent(member.roomId(), member.participantId(), sink.mediaConnected(),
                        () -> sockets.get(member) == connection,
                        updated -> announce(member.roomId(), updated, new ParticipantUpdated(participant(updated))));
            } catch (ProtocolException | RuntimeException e) {
                LOG.log(Level.WARNING, "Recording the media connection of " + member + " failed", e);
            }
        });
    }

    /** The host ends the meeting: everyone is told, disconnected (4002) and released from the media. */
    private void endMeeting(Connection connection) throws ProtocolException {
        Connection.Membership host = membership(connection, new EndMeeting());
        List<Connection.Membership> everyone = new ArrayList<>();
        rooms.endMeeting(host.roomId(), host.participantId(), occupants -> {
            channel.publish(host.roomId(), new MeetingEnded(), null);
            events.emit(new RoomEvent.RoomEnded(host.roomId(), RoomEvent.EndReason.MEETING_ENDED));
            for (Occupant occupant : occupants) {
                Connection.Membership member = new Connection.Membership(host.roomId(), occupant.participantId());
                everyone.add(member);
                channel.unsubscribe(member.roomId(), member.participantId());
                callOffAbsence(member);
            }
        });
        for (Connection.Membership member : everyone) {
            disconnect(member, Connection::closeEnded);
        }
    }

    /** The host removes someone: they are told and disconnected (4003); everyone else sees them leave. */
    private void removeParticipant(Connection connection, RemoveParticipant request) throws ProtocolException {
        Connection.Membership host = membership(connection, request);
        if (request.participantId() == null || request.participantId().isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "'removeParticipant' needs the 'participantId' to remove.");
        }
        Connection.Membership target = new Connection.Membership(host.roomId(), request.participantId());
        rooms.remove(host.roomId(), host.participantId(), target.participantId(), removed -> {
            channel.send(target.roomId(), target.participantId(), new Removed());
            channel.unsubscribe(target.roomId(), target.participantId());
            announceLeft(target.roomId(), removed, LeaveReason.REMOVED);
            callOffAbsence(target);
        });
        disconnect(target, Connection::closeRemoved);
    }

    /** Takes a member the room no longer has off this process: their socket (closed with {@code close}) and media. */
    private void disconnect(Connection.Membership member, java.util.function.Consumer<Connection> close) {
        Connection socket = sockets.remove(member);
        if (socket != null) {
            socket.end(); // its own close then finds nothing left to clean up
            close.accept(socket);
        }
        closeMedia(member);
    }

    /**
     * A host on another process ended the meeting or removed this member, whose socket is here: the room no longer has
     * them (that process recorded it), so only their socket and media here are left to close.
     */
    private void evictedElsewhere(String roomId, String participantId, Message reason) {
        Connection.Membership member = new Connection.Membership(roomId, participantId);
        callOffAbsence(member);
        disconnect(member, reason instanceof MeetingEnded ? Connection::closeEnded : Connection::closeRemoved);
    }

    private void callOffAbsence(Connection.Membership member) {
        Absence absence = absences.remove(member);
        if (absence != null) {
            absence.cancel();
        }
    }

    private void goAway(Connection.Membership member, Connection connection) {
        try {
            rooms.markAway(member.roomId(), member.participantId(), () -> sockets.remove(member, connection), away -> {
                channel.unsubscribe(member.roomId(), member.participantId());
                announce(member.roomId(), away, new ParticipantUpdated(participant(away)));
                Absence absence = new Absence();
                absences.put(member, absence);
                absence.timer = timers.schedule(grace, () -> expire(member, absence, LeaveReason.TIMED_OUT));
                news(member, "is away (connection lost); kept for " + grace);
            });
        } catch (ProtocolException | RuntimeException e) {
            // Unrecorded, they would stay present for ever: let them go entirely instead.
            LOG.log(Level.WARNING, "Recording that " + member + " is away failed; taking them out of the room", e);
            if (sockets.remove(member, connection) || !sockets.containsKey(member)) {
                depart(member, LeaveReason.LEFT);
            }
        }
    }

    /**
     * The signalling node that held this occupant died without a word (see {@code cluster.PresenceReaper}): they are
     * away now, and leave on the usual terms unless they come back (through any node); this node times it. Nothing
     * happens when they already resumed elsewhere or left.
     */
    public void takeOver(String roomId, String participantId, String deadNode) {
        Connection.Membership member = new Connection.Membership(roomId, participantId);
        try {
            rooms.takeOver(roomId, participantId, deadNode, was -> {
                if (was.isPresent()) {
                    Occupant away = was.withPresent(false);
                    announce(roomId, away, new ParticipantUpdated(participant(away)));
                }
                Absence absence = new Absence();
                absences.put(member, absence);
                absence.timer = timers.schedule(grace, () -> expire(member, absence, LeaveReason.TIMED_OUT));
                news(member, "is away (its signalling node " + deadNode + " is gone); kept for " + grace);
            });
        } catch (ProtocolException | RuntimeException e) {
            LOG.log(Level.WARNING, "Taking over " + member + " from " + deadNode + " failed; asked again later", e);
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** The grace period ran out: the member leaves, unless they resumed (or went away again) meanwhile. */
    private void expire(Connection.Membership member, Absence absence, LeaveReason reason) {
        boolean removed;
        try {
            removed = rooms.expire(member.roomId(), member.participantId(), () -> absences.remove(member, absence),
                    gone -> announceLeft(member.roomId(), gone, reason));
        } catch (ProtocolException | RuntimeException e) {
            LOG.log(Level.WARNING, "Recording that " + member + " left after being away failed; will retry", e);
            absences.remove(member, absence);
            forgetLater(member, reason, 1);
            removed = true; // their media must not outlive them
        }
        if (removed) {
            closeMedia(member);
            news(member, "left (did not come back in time)");
        }
    }

    private void depart(Connection.Membership member, LeaveReason reason) {
        closeMedia(member);
        try {
            rooms.exit(member.roomId(), member.participantId(), gone -> {
                channel.unsubscribe(member.roomId(), member.participantId());
                announceLeft(member.roomId(), gone, reason);
            });
            news(member, "left");
        } catch (ProtocolException | RuntimeException e) {
            LOG.log(Level.WARNING, "Recording that " + member + " left failed; will retry", e);
            forgetLater(member, reason, 1);
        } finally {
            channel.unsubscribe(member.roomId(), member.participantId()); // never keep a dead socket subscribed
        }
    }

    /**
     * Records, once Redis answers again, that a member whose departure could not be recorded is gone; otherwise they
     * would stay in the room for ever (counted, holding its host role, keeping it from expiring). Retries every
     * {@link #RETRY} for about an hour; stops if they came back meanwhile (a socket here, or a new spell away).
     */
    private void forgetLater(Connection.Membership member, LeaveReason reason, int attempt) {
        if (attempt > MAX_RETRIES) {
            LOG.warning(() -> "Gave up recording that " + member + " left; Redis keeps them until the room is cleaned up");
            return;
        }
        try {
            timers.schedule(RETRY, () -> {
                try {
                    rooms.forget(member.roomId(), member.participantId(),
                            () -> !sockets.containsKey(member) && !absences.containsKey(member),
                            gone -> announceLeft(member.roomId(), gone, reason));
                } catch (ProtocolException | RuntimeException e) {
                    forgetLater(member, reason, attempt + 1);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not schedule recording that " + member + " left (shutting down?)", e);
        }
    }

    /** One line per join, resume, absence and leave, with the room and participant ids (never names or tokens). */
    private static void news(Connection.Membership member, String what) {
        LOG.log(Level.INFO, "Room {0}: participant {1} {2}", new Object[] {member.roomId(), member.participantId(), what});
    }

    private void closeMedia(Connection.Membership member) {
        try {
            media.close(member.roomId(), member.participantId());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Releasing the media of " + member + " failed", e);
        }
    }

    private static Connection.Membership membership(Connection connection, Message.FromClient message) throws ProtocolException {
        return connection.membership().orElseThrow(() -> new ProtocolException(
                ErrorCode.UNEXPECTED_MESSAGE, "Send 'join' before '" + MessageTypes.of(message) + "'."));
    }

    private static Connection.Membership membershipOf(Entry entry) {
        return new Connection.Membership(entry.roomId(), entry.occupant().participantId());
    }

    private static MediaKind kindOf(String kind) throws ProtocolException {
        if ("audio".equals(kind)) {
            return MediaKind.AUDIO;
        }
        if ("video".equals(kind)) {
            return MediaKind.VIDEO;
        }
        throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                "'kind' must be \"audio\" (microphone) or \"video\" (camera), not " + (kind == null ? "missing" : "'" + abbreviate(kind) + "'") + ".");
    }

    private static String wireName(MediaKind kind) {
        return kind == MediaKind.AUDIO ? "audio" : "video";
    }

    private static Participant participant(Occupant occupant) {
        return new Participant(occupant.participantId(), occupant.displayName(), occupant.isHost(), occupant.isPresent(),
                occupant.audioMuted(), occupant.videoMuted(), occupant.sharingScreen());
    }

    private static String abbreviate(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "…";
    }
}
