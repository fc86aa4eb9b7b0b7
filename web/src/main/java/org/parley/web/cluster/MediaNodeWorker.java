package org.parley.web.cluster;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.MediaKind;
import org.parley.web.media.MediaNode;
import org.parley.web.media.SignalSink;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The media role's end of the cluster: takes signalling nodes' requests from this node's topic, in order, to the
 * in-process media node, and sends what it says to each participant back to the signalling node they came through.
 */
public final class MediaNodeWorker implements AutoCloseable {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final Logger LOG = Logger.getLogger(MediaNodeWorker.class.getName());

    private final String nodeId;
    private final MediaNode local;
    private final Predicate<String> hostsRoom;
    private final RoomPlacement placement;
    private final Outbox outbox;
    private final EnvelopeCodec codec;
    private final SerialQueue inbox;
    private final RTopic topic;
    private final int listener;
    private final NodeRegistry registry;
    /** The signalling node of each participant opened through this worker; touched on the inbox thread only. */
    private final Map<Member, String> signallingNodes = new HashMap<>();
    /** When each participant's signalling node was first seen dead. */
    private final Map<Member, Long> orphanedSince = new HashMap<>();

    private record Member(String roomId, String participantId) {}

    /** @param hostsRoom whether {@code local} still has media for a room (false once its last participant left) */
    public MediaNodeWorker(String nodeId, MediaNode local, Predicate<String> hostsRoom, NodeRegistry registry,
            RoomPlacement placement, RedissonClient redis, EnvelopeCodec codec) {
        this.nodeId = nodeId;
        this.registry = registry;
        this.local = local;
        this.hostsRoom = hostsRoom;
        this.placement = placement;
        this.codec = codec;
        this.outbox = new Outbox(redis, codec, nodeId + "-media");
        this.inbox = new SerialQueue("parley-media-node-" + nodeId);
        this.topic = redis.getTopic(ClusterKeys.mediaTopic(nodeId), StringCodec.INSTANCE);
        this.listener = topic.addListener(String.class, (channel, text) -> inbox.submit(() -> handle(text)));
    }

    private void handle(String text) {
        Envelope request;
        try {
            request = codec.decode(text);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Ignoring a request on " + ClusterKeys.mediaTopic(nodeId), e);
            return;
        }
        String room = request.roomID();
        String participant = request.clientID();
        switch (request.type()) {
            case Envelope.OPEN -> {
                Member member = new Member(room, participant);
                signallingNodes.put(member, request.nodeID());
                orphanedSince.remove(member);
                boolean inAudience = request.payload() != null
                        && EnvelopeCodec.parse(request.payload()).getBoolean("audience", false);
                local.open(room, participant, inAudience, new RemoteSink(request.nodeID(), room, participant));
            }
            case Envelope.MUTE -> {
                JsonObject mute = EnvelopeCodec.parse(request.payload());
                MediaKind kind = "audio".equals(mute.getString("kind")) ? MediaKind.AUDIO : MediaKind.VIDEO;
                local.setMuted(room, participant, kind, mute.getBoolean("muted"));
            }
            case Envelope.CLOSE -> close(new Member(room, participant));
            default -> signal(request);
        }
    }

    private void close(Member member) {
        signallingNodes.remove(member);
        orphanedSince.remove(member);
        local.close(member.roomId(), member.participantId());
        if (!hostsRoom.test(member.roomId())) {
            placement.release(member.roomId(), nodeId);
        }
    }

    /**
     * Closes the sessions of participants whose signalling node has been dead for longer than {@code grace} (they
     * could have resumed through another node within it, keeping their media): nobody else would ever close them.
     * Run every second or so.
     */
    public void reapOrphans(Duration grace) {
        inbox.submit(() -> {
            long now = System.nanoTime();
            for (Map.Entry<Member, String> entry : List.copyOf(signallingNodes.entrySet())) {
                Member member = entry.getKey();
                if (registry.isAlive(entry.getValue())) {
                    orphanedSince.remove(member);
                    continue;
                }
                long since = orphanedSince.computeIfAbsent(member, m -> now);
                if (now - since >= grace.toNanos()) {
                    LOG.info(() -> "Signalling node " + entry.getValue() + " of " + member + " is gone: closing their media");
                    close(member);
                }
            }
        });
    }

    private void signal(Envelope request) {
        RemoteSink replies = new RemoteSink(request.nodeID(), request.roomID(), request.clientID());
        try {
            Message.FromClient message = codec.decodeFromClient(request.payload());
            local.onSignal(request.roomID(), request.clientID(), message);
            if (message instanceof Offer) {
                replies.reply(Envelope.DONE, null); // as in the design notes: the answer (and candidates) went out
            }
        } catch (ProtocolException e) {
            replies.send(e.toMessage());
        }
    }

    /** A participant's socket on another node, reached through that node's topic. */
    private final class RemoteSink implements SignalSink {
        private final String topic;
        private final String roomId;
        private final String participantId;

        RemoteSink(String signallingNode, String roomId, String participantId) {
            this.topic = ClusterKeys.signallingTopic(signallingNode);
            this.roomId = roomId;
            this.participantId = participantId;
        }

        @Override
        public void send(Message message) {
            String json = codec.encodeMessage(message);
            reply(codec.typeOf(json), json);
        }

        @Override
        public void mediaConnectionChanged(boolean connected) {
            reply(Envelope.MEDIA, JSON.createObjectBuilder().add("connected", connected).build().toString());
        }

        void reply(String type, String payload) {
            outbox.publish(topic, new Envelope(type, participantId, roomId, nodeId, payload));
        }
    }

    @Override
    public void close() {
        topic.removeListener(listener);
        inbox.close();
        outbox.close();
    }
}
