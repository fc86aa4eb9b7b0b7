package org.parley.web.cluster;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.MediaKind;
import org.parley.web.media.MediaNode;
import org.parley.web.media.SignalSink;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The signalling role's {@link MediaNode}: each room's media lives on the media node Redis places it on; calls go
 * there as messages on its topic and replies come back on this node's topic. A room this process hosts itself is
 * served in-process. When a room's media node dies, {@link #checkOwners} moves the room to a live node and tells
 * each participant here to start their media over ({@link ErrorCode#MEDIA_NODE_LOST}).
 */
public final class RedisMediaNode implements MediaNode, AutoCloseable {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final Logger LOG = Logger.getLogger(RedisMediaNode.class.getName());
    static final String LOST = "The media server of this room went away; reconnecting your media.";

    private record Member(String roomId, String participantId) {}

    private final String nodeId;
    /** The media role of this process, or empty when it plays signalling only. */
    private final Optional<MediaNode> local;
    private final Predicate<String> hostsRoom;
    private final NodeRegistry registry;
    private final RoomPlacement placement;
    private final EnvelopeCodec codec;
    private final Outbox outbox;
    private final SerialQueue inbox;
    private final RedissonClient redis;
    private final RTopic topic;
    private final int listener;
    /** The socket of every participant connected here. */
    private final Map<Member, SignalSink> sinks = new ConcurrentHashMap<>();
    /** The members here who are in their room's audience, to open them as such again on a new media node. */
    private final Set<Member> audience = ConcurrentHashMap.newKeySet();
    /** The media node each room with participants here is on. */
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    /** @param hostsRoom whether {@code local} has media for a room (false once its last participant left) */
    public RedisMediaNode(String nodeId, Optional<MediaNode> local, Predicate<String> hostsRoom, NodeRegistry registry,
            RoomPlacement placement, RedissonClient redis, EnvelopeCodec codec) {
        this.nodeId = nodeId;
        this.local = local;
        this.hostsRoom = hostsRoom;
        this.registry = registry;
        this.placement = placement;
        this.codec = codec;
        this.redis = redis;
        this.outbox = new Outbox(redis, codec, nodeId + "-signalling");
        this.inbox = new SerialQueue("parley-signalling-node-" + nodeId);
        this.topic = redis.getTopic(ClusterKeys.signallingTopic(nodeId), StringCodec.INSTANCE);
        this.listener = topic.addListener(String.class, (channel, text) -> inbox.submit(() -> onReply(text)));
    }

    @Override
    public void open(String roomId, String participantId, boolean inAudience, SignalSink sink) {
        Member member = new Member(roomId, participantId);
        String owner;
        boolean moved;
        synchronized (this) {
            if (inAudience) {
                audience.add(member);
            } else {
                audience.remove(member);
            }
            String known = owners.get(roomId);
            if (known != null && !registry.isAlive(known)) {
                sinks.put(member, sink);
                failOver(roomId, known); // opens everyone here on a live node, this participant too, and tells them
                return;
            }
            if (known != null) {
                owner = known;
                moved = false;
            } else {
                RoomPlacement.Placement placed = placement.place(roomId); // may throw: nothing recorded then
                owner = placed.nodeId();
                moved = placed.movedFromDeadNode();
                owners.put(roomId, owner);
            }
            sinks.put(member, sink);
        }
        if (isLocal(owner)) {
            local.get().open(roomId, participantId, inAudience, sink);
        } else {
            outbox.publish(ClusterKeys.mediaTopic(owner), openEnvelope(member));
        }
        if (moved) {
            // A resumed participant's media was on the dead node: their peer connection is useless.
            sink.send(new ErrorMessage(ErrorCode.MEDIA_NODE_LOST, LOST));
        } else {
            tellIfMediaLostByDrain(member, sink);
        }
    }

    @Override
    public void setMuted(String roomId, String participantId, MediaKind kind, boolean muted) {
        String owner = owners.get(roomId);
        if (owner == null) {
            return;
        }
        if (isLocal(owner)) {
            local.get().setMuted(roomId, participantId, kind, muted);
            return;
        }
        String payload = JSON.createObjectBuilder().add("kind", kind == MediaKind.AUDIO ? "audio" : "video")
                .add("muted", muted).build().toString();
        outbox.publish(ClusterKeys.mediaTopic(owner), new Envelope(Envelope.MUTE, participantId, roomId, nodeId, payload));
    }

    @Override
    public void onSignal(String roomId, String participantId, Message.FromClient message) throws ProtocolException {
        String owner = owners.get(roomId);
        if (owner == null || !sinks.containsKey(new Member(roomId, participantId))) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "Join the room before sending media messages.");
        }
        if (isLocal(owner)) {
            local.get().onSignal(roomId, participantId, message);
            return;
        }
        String json = codec.encodeMessage((Message) message); // every client message is a Message
        outbox.publish(ClusterKeys.mediaTopic(owner), new Envelope(codec.typeOf(json), participantId, roomId, nodeId, json));
    }

    /** OPEN carries {"audience":true} for a member of the audience; no payload otherwise (as before audiences). */
    private Envelope openEnvelope(Member member) {
        String payload = audience.contains(member)
                ? JSON.createObjectBuilder().add("audience", true).build().toString() : null;
        return new Envelope(Envelope.OPEN, member.participantId(), member.roomId(), nodeId, payload);
    }

    @Override
    public void close(String roomId, String participantId) {
        String owner;
        synchronized (this) {
            audience.remove(new Member(roomId, participantId));
            if (sinks.remove(new Member(roomId, participantId)) == null) {
                return;
            }
            owner = owners.get(roomId);
            if (sinks.keySet().stream().noneMatch(m -> m.roomId().equals(roomId))) {
                owners.remove(roomId);
            }
        }
        if (owner == null) {
            return;
        }
        if (isLocal(owner)) {
            local.get().close(roomId, participantId);
            if (!hostsRoom.test(roomId)) {
                placement.release(roomId, owner);
            }
        } else {
            outbox.publish(ClusterKeys.mediaTopic(owner), new Envelope(Envelope.CLOSE, participantId, roomId, nodeId, null));
        }
    }

    /**
     * This node is being drained and the participant, whose socket is here, is about to reconnect elsewhere: when
     * their media is on this node, wherever they resume they are told to start it over.
     */
    void noteMediaLeaving(String roomId, String participantId, Duration remember) {
        if (isLocal(owners.getOrDefault(roomId, ""))) {
            redis.getBucket(ClusterKeys.mediaLost(roomId, participantId), StringCodec.INSTANCE).set(nodeId, remember);
        }
    }

    /** Asked without waiting, so no join waits for it: the page handles MEDIA_NODE_LOST after its {@code joined}. */
    private void tellIfMediaLostByDrain(Member member, SignalSink sink) {
        redis.getBucket(ClusterKeys.mediaLost(member.roomId(), member.participantId()), StringCodec.INSTANCE)
                .getAndDeleteAsync().thenAccept(marker -> {
                    if (marker != null) {
                        sink.send(new ErrorMessage(ErrorCode.MEDIA_NODE_LOST, LOST));
                    }
                });
    }

    /** Moves every room here whose media node died to a live one; run every second or so. */
    public void checkOwners() {
        for (Map.Entry<String, String> room : List.copyOf(owners.entrySet())) {
            if (!isLocal(room.getValue()) && !registry.isAlive(room.getValue())) {
                synchronized (this) {
                    if (room.getValue().equals(owners.get(room.getKey()))) {
                        failOver(room.getKey(), room.getValue());
                    }
                }
            }
        }
    }

    /** Called with this locked. */
    private void failOver(String roomId, String deadNode) {
        String next;
        try {
            next = placement.place(roomId).nodeId(); // or where another signalling node already moved it
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Room " + roomId + " lost its media node " + deadNode + " and none can take it", e);
            return; // tried again at the next check
        }
        LOG.info(() -> "Media node " + deadNode + " is gone: room " + roomId + " moves to " + next);
        owners.put(roomId, next);
        sinks.forEach((member, sink) -> {
            if (member.roomId().equals(roomId)) {
                if (isLocal(next)) {
                    local.get().open(roomId, member.participantId(), audience.contains(member), sink);
                } else {
                    outbox.publish(ClusterKeys.mediaTopic(next), openEnvelope(member));
                }
                sink.send(new ErrorMessage(ErrorCode.MEDIA_NODE_LOST, LOST));
            }
        });
    }

    private void onReply(String text) {
        Envelope reply;
        try {
            reply = codec.decode(text);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Ignoring a reply on " + ClusterKeys.signallingTopic(nodeId), e);
            return;
        }
        SignalSink sink = sinks.get(new Member(reply.roomID(), reply.clientID()));
        if (sink == null || !reply.nodeID().equals(owners.get(reply.roomID()))) {
            return; // they left, or it comes from a node the room has moved away from
        }
        switch (reply.type()) {
            case Envelope.DONE -> { }
            case Envelope.MEDIA -> {
                JsonObject state = EnvelopeCodec.parse(reply.payload());
                sink.mediaConnectionChanged(state.getBoolean("connected"));
            }
            default -> {
                try {
                    sink.send(codec.decodeMessage(reply.payload()));
                } catch (ProtocolException e) {
                    LOG.log(Level.WARNING, "Undecodable '" + reply.type() + "' from media node " + reply.nodeID(), e);
                }
            }
        }
    }

    private boolean isLocal(String owner) {
        return local.isPresent() && owner.equals(nodeId);
    }

    public String nodeId() {
        return nodeId;
    }

    /** The media node the room's participants here use, if any (for tests and diagnostics). */
    public Optional<String> ownerOf(String roomId) {
        return Optional.ofNullable(owners.get(roomId));
    }

    @Override
    public void close() {
        topic.removeListener(listener);
        inbox.close();
        outbox.close();
    }
}
