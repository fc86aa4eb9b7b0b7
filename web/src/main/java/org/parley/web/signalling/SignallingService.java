package org.parley.web.signalling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.Candidate;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Leave;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.Participant;
import org.parley.api.signalling.ParticipantJoined;
import org.parley.api.signalling.ParticipantLeft;
import org.parley.api.signalling.ProtocolException;
import org.parley.web.media.MediaNode;
import org.parley.web.room.Entry;
import org.parley.web.room.Occupant;
import org.parley.web.room.RoomService;

/**
 * The signalling protocol's state machine: join first, then media signals, then leave. Room membership is
 * decided by {@link RoomService}; media by the {@link MediaNode}.
 */
@ApplicationScoped
public class SignallingService {

    private static final Logger LOG = Logger.getLogger(SignallingService.class.getName());

    private final RoomService rooms;
    private final RoomChannel channel;
    private final MediaNode media;
    /** Joined sockets, so an undeploy can take them out of their rooms while Redis is still reachable. */
    private final Set<Connection> joined = ConcurrentHashMap.newKeySet();

    protected SignallingService() {
        this.rooms = null; // for CDI proxies only
        this.channel = null;
        this.media = null;
    }

    @Inject
    public SignallingService(RoomService rooms, RoomChannel channel, MediaNode media) {
        this.rooms = rooms;
        this.channel = channel;
        this.media = media;
    }

    /** @throws ProtocolException to be reported to this client only; its socket stays open */
    void handle(Connection connection, Message.FromClient message) throws ProtocolException {
        if (message instanceof Join join) {
            join(connection, join);
        } else if (message instanceof Leave) {
            leave(connection);
        } else if (message instanceof Offer || message instanceof Answer || message instanceof Candidate) {
            Connection.Membership member = connection.membership().orElseThrow(() -> new ProtocolException(
                    ErrorCode.UNEXPECTED_MESSAGE, "Send 'join' before '" + typeOf(message) + "'."));
            media.onSignal(member.roomId(), member.participantId(), message);
        } else {
            throw new ProtocolException(ErrorCode.UNKNOWN_MESSAGE_TYPE, "Unhandled message type '" + typeOf(message) + "'.");
        }
    }

    /** The socket closed or failed, for whatever reason. */
    void disconnected(Connection connection) {
        joined.remove(connection);
        connection.end().ifPresent(this::depart);
    }

    /**
     * Shutting down: record everyone here as gone, or Redis would keep them present (and a room's host locked out)
     * after this process is gone. Runs before any bean is destroyed; the sockets close later on their own.
     */
    void departAll(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        joined.forEach(this::disconnected);
    }

    private void join(Connection connection, Join join) throws ProtocolException {
        if (!connection.startJoining()) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "This socket has already joined a room.");
        }
        Entry entry;
        try {
            entry = rooms.enter(join.roomId(), join.token(), join.displayName(), entered -> announce(connection, entered));
        } catch (ProtocolException | RuntimeException e) {
            connection.joinRefused();
            throw e;
        }
        Connection.Membership member = new Connection.Membership(entry.roomId(), entry.occupant().participantId());
        try {
            media.open(member.roomId(), member.participantId(), connection.sink());
        } catch (RuntimeException e) {
            depart(member);
            connection.joinRefused();
            throw new ProtocolException(ErrorCode.INTERNAL_ERROR, "The media server could not add you; try again.", e);
        }
        joined.add(connection);
        if (!connection.joined(member)) {
            joined.remove(connection);
            depart(member); // the socket closed while joining
        }
    }

    /** Runs with the room locked: the newcomer's view and everyone else's news are taken at the same moment. */
    private void announce(Connection connection, Entry entry) {
        Occupant self = entry.occupant();
        List<Participant> others = entry.others().stream().map(SignallingService::participant).toList();
        connection.sink().send(new Joined(entry.roomId(), self.participantId(), self.isHost(), others, null, false));
        channel.subscribe(entry.roomId(), self.participantId(), connection.sink());
        channel.publish(entry.roomId(), new ParticipantJoined(participant(self)), self.participantId());
    }

    private void leave(Connection connection) throws ProtocolException {
        Connection.Membership member = connection.membership().orElseThrow(() -> new ProtocolException(
                ErrorCode.UNEXPECTED_MESSAGE, "Send 'join' before 'leave'."));
        joined.remove(connection);
        if (connection.end().isPresent()) {
            depart(member);
        }
        connection.close();
    }

    private void depart(Connection.Membership member) {
        try {
            media.close(member.roomId(), member.participantId());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Releasing the media of " + member + " failed", e);
        }
        try {
            rooms.exit(member.roomId(), member.participantId(), () -> {
                channel.unsubscribe(member.roomId(), member.participantId());
                channel.publish(member.roomId(), new ParticipantLeft(member.participantId()), member.participantId());
            });
        } catch (ProtocolException | RuntimeException e) {
            LOG.log(Level.WARNING, "Recording that " + member + " left failed", e);
        } finally {
            channel.unsubscribe(member.roomId(), member.participantId()); // never keep a dead socket subscribed
        }
    }

    private static Participant participant(Occupant occupant) {
        return new Participant(occupant.participantId(), occupant.displayName(), occupant.isHost(), true, false, false);
    }

    private static String typeOf(Object message) {
        String name = message.getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
