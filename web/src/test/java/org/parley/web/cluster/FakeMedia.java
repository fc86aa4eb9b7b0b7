package org.parley.web.cluster;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.MediaKind;
import org.parley.web.media.MediaNode;
import org.parley.web.media.SignalSink;

/**
 * A media role without a backend: answers an offer "x" with "answer to x" (and reports the media connected),
 * refuses the offer "bad" with INVALID_SDP, and records every call.
 */
final class FakeMedia implements MediaNode {

    final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    private final Map<String, Map<String, SignalSink>> rooms = new ConcurrentHashMap<>();

    @Override
    public void open(String roomId, String participantId, boolean inAudience, SignalSink sink) {
        rooms.computeIfAbsent(roomId, r -> new ConcurrentHashMap<>()).put(participantId, sink);
        calls.add("open " + participantId + (inAudience ? " (audience)" : ""));
    }

    @Override
    public void setMuted(String roomId, String participantId, MediaKind kind, boolean muted) {
        calls.add("mute " + participantId + " " + kind + " " + muted);
    }

    @Override
    public void onSignal(String roomId, String participantId, Message.FromClient message) throws ProtocolException {
        SignalSink sink = rooms.getOrDefault(roomId, Map.of()).get(participantId);
        if (sink == null) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "Join the room before sending media messages.");
        }
        if (message instanceof Offer offer) {
            calls.add("offer " + participantId + " " + offer.sdp());
            if (offer.sdp().equals("bad")) {
                throw new ProtocolException(ErrorCode.INVALID_SDP, "The SDP is not SDP: bad");
            }
            sink.send(new Answer("answer to " + offer.sdp()));
            sink.mediaConnectionChanged(true);
        } else {
            calls.add(message.getClass().getSimpleName() + " " + participantId);
        }
    }

    @Override
    public void close(String roomId, String participantId) {
        rooms.computeIfPresent(roomId, (r, members) -> {
            members.remove(participantId);
            return members.isEmpty() ? null : members;
        });
        calls.add("close " + participantId);
    }

    boolean hosts(String roomId) {
        return rooms.containsKey(roomId);
    }
}
