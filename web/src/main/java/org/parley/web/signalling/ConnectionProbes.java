package org.parley.web.signalling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.Candidate;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.Probe;
import org.parley.api.signalling.Probing;
import org.parley.api.signalling.ProtocolException;
import org.parley.web.media.MediaNode;
import org.parley.web.media.SignalSink;
import org.parley.web.room.RoomService;
import org.parley.web.turn.IceServerIssuer;

/**
 * "Test my connection" before joining ({@code /ws/probe}): someone with a valid invitation gets the room's ICE
 * servers and a media connection of their own on the media node, in a room of one that is nowhere in Redis, so the
 * page can see how (and whether) its browser reaches the media server. Nobody joins; nothing is forwarded. A probe
 * lasts at most {@link #LIMIT}, and at most {@value #MAX_AT_ONCE} run at once per process.
 */
@ApplicationScoped
public class ConnectionProbes {

    private static final Logger LOG = Logger.getLogger(ConnectionProbes.class.getName());
    static final Duration LIMIT = Duration.ofSeconds(30);
    static final int MAX_AT_ONCE = 64;

    /** One socket's probe. */
    static final class Session {
        private final Socket socket;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile String mediaRoom;
        private volatile String participantId;
        private volatile Future<?> limit;

        Session(Socket socket) {
            this.socket = socket;
        }

        SignalSink sink() {
            return socket.sink();
        }
    }

    private final RoomService rooms;
    private final MediaNode media;
    private final IceServerIssuer iceServers;
    private final Timers timers;
    private final AtomicInteger running = new AtomicInteger();

    protected ConnectionProbes() {
        this.rooms = null; // for CDI proxies only
        this.media = null;
        this.iceServers = null;
        this.timers = null;
    }

    @Inject
    public ConnectionProbes(RoomService rooms, MediaNode media, IceServerIssuer iceServers, Timers timers) {
        this.rooms = rooms;
        this.media = media;
        this.iceServers = iceServers;
        this.timers = timers;
    }

    /** @throws ProtocolException to be reported to this client; its socket stays open */
    void handle(Session session, Message.FromClient message) throws ProtocolException {
        if (message instanceof Probe probe) {
            start(session, probe);
        } else if (message instanceof Offer || message instanceof Answer || message instanceof Candidate) {
            if (session.mediaRoom == null || session.ended.get()) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "Send 'probe' before '"
                        + MessageTypes.of(message) + "'.");
            }
            media.onSignal(session.mediaRoom, session.participantId, message);
        } else {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "'" + MessageTypes.of(message) + "' does not "
                    + "belong on /ws/probe: send 'probe', then 'offer' and 'candidate' (to join, use /ws).");
        }
    }

    /** The socket closed, or the probe's time is up: its media goes. Idempotent. */
    void end(Session session) {
        if (session.mediaRoom == null || !session.ended.compareAndSet(false, true)) {
            return;
        }
        running.decrementAndGet();
        Future<?> limit = session.limit;
        if (limit != null) {
            limit.cancel(false);
        }
        try {
            media.close(session.mediaRoom, session.participantId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Releasing the media of a connection test failed", e);
        }
    }

    /** Probes running now (for metrics, and tests: none outlives its socket). */
    public int running() {
        return running.get();
    }

    private void start(Session session, Probe probe) throws ProtocolException {
        if (session.mediaRoom != null) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "One 'probe' per socket.");
        }
        rooms.checkInvitation(probe.roomId(), probe.token());
        if (running.incrementAndGet() > MAX_AT_ONCE) {
            running.decrementAndGet();
            throw new ProtocolException(ErrorCode.UNAVAILABLE, "Too many connection tests at once; try again in a moment.");
        }
        String id = UUID.randomUUID().toString();
        session.participantId = id;
        session.mediaRoom = "probe-" + id;
        try {
            media.open(session.mediaRoom, id, false, session.sink());
            session.limit = timers.schedule(LIMIT, () -> {
                end(session);
                session.socket.closeNormally();
            });
        } catch (RuntimeException e) {
            end(session);
            throw new ProtocolException(ErrorCode.INTERNAL_ERROR, "The media server could not run the test; try again.", e);
        }
        session.sink().send(new Probing(iceServers.issueFor(id), (int) LIMIT.toSeconds()));
    }
}
