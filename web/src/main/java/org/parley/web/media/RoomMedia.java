package org.parley.web.media;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.parley.api.signalling.ActiveLayers;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.Candidate;
import org.parley.api.signalling.DominantSpeaker;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.ProtocolException;
import org.parley.api.signalling.RestartIce;
import org.parley.api.signalling.ShareScreen;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.Producer;
import org.parley.media.spi.Router;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.TransportState;

/**
 * The media of one room: a router and each participant's session. Every published track is consumed by every other
 * participant. One lock per room serialises signalling; media never takes it: what the router announces on a media
 * thread (the dominant speaker, the layers anyone watches) goes out through a snapshot of the room's sessions.
 */
final class RoomMedia {

    private static final Logger LOG = Logger.getLogger(RoomMedia.class.getName());
    private static final String SECURE_CONNECTION_FAILED =
            "The secure media connection (DTLS) could not be set up; start a new peer connection and send a new offer.";

    private final Router router;
    private final UnforwardedTracks unforwarded;
    private final ConnectTimes connectTimes;
    private final Map<String, ParticipantMedia> participants = new LinkedHashMap<>();
    /** The sessions as of the last change, for announcements from media threads. */
    private volatile List<ParticipantMedia> everyone = List.of();
    private volatile String dominantSpeaker;
    /** Who is in the room's audience: they watch, and what they send goes to nobody. Read by the router's thread too. */
    private final Set<String> audience = ConcurrentHashMap.newKeySet();

    /** @param lastN how many recent speakers' video keeps its best layers in a large room (0: everyone's) */
    RoomMedia(Router router, UnforwardedTracks unforwarded, int lastN) {
        this(router, unforwarded, lastN, new ConnectTimes());
    }

    RoomMedia(Router router, UnforwardedTracks unforwarded, int lastN, ConnectTimes connectTimes) {
        this.router = router;
        this.unforwarded = unforwarded;
        this.connectTimes = connectTimes;
        router.observeSpeakers(this::announceSpeaker, lastN);
        router.observeLayerDemand(this::announceLayers);
    }

    /** A media thread: the publisher need not encode the layers of {@code producer} above {@code highestWatched}. */
    private void announceLayers(Producer producer, int highestWatched) {
        List<String> rids = producer.rtpParameters().encodings().stream().limit(highestWatched + 1L)
                .map(RtpEncoding::rid).filter(rid -> !rid.isEmpty()).toList();
        if (rids.isEmpty() || producer.rtpParameters().mid() == null) {
            return; // layers told apart by SSRC alone: the browser cannot be asked by rid
        }
        ActiveLayers message = new ActiveLayers(producer.rtpParameters().mid(), rids);
        everyone.stream().filter(p -> p.participantId.equals(producer.participantId()))
                .forEach(publisher -> publisher.sink().send(message));
    }

    /** A media thread: everyone hears who speaks now. */
    private void announceSpeaker(String participantId) {
        if (audience.contains(participantId)) {
            return; // nobody hears them
        }
        dominantSpeaker = participantId;
        DominantSpeaker message = new DominantSpeaker(participantId);
        everyone.forEach(participant -> participant.sink().send(message));
    }

    private void sessionsChanged() {
        everyone = List.copyOf(participants.values());
    }

    /** Opens a session, or gives an open one a new socket (a resumed join keeps its media). */
    synchronized void open(String participantId, boolean inAudience, SignalSink sink) {
        if (inAudience) {
            audience.add(participantId);
        } else {
            audience.remove(participantId);
        }
        ParticipantMedia existing = participants.get(participantId);
        if (existing != null) {
            existing.reattach(sink);
            return;
        }
        participants.put(participantId, newSession(participantId, sink));
        sessionsChanged();
        String speaking = dominantSpeaker;
        if (speaking != null) {
            sink.send(new DominantSpeaker(speaking));
        }
    }

    private ParticipantMedia newSession(String participantId, SignalSink sink) {
        ParticipantMedia[] self = new ParticipantMedia[1];
        long openedAt = System.nanoTime();
        boolean[] timed = {false}; // transport callbacks come one at a time
        var transport = router.createWebRtcTransport(participantId, (t, state) -> {
            LOG.fine(() -> "Transport of " + participantId + " in " + router.roomId() + ": " + state);
            ParticipantMedia participant = self[0];
            if (participant == null) {
                return;
            }
            if (state == TransportState.CONNECTED) {
                if (!timed[0]) {
                    timed[0] = true;
                    connectTimes.connected(Duration.ofNanos(System.nanoTime() - openedAt));
                }
                participant.onConnected();
                participant.sink().mediaConnectionChanged(true);
            } else if (state == TransportState.FAILED) {
                participant.sink().mediaConnectionChanged(false);
                if (!t.canRestartIce()) {
                    // The DTLS handshake failed or timed out: the browser may see its ICE connected and wait on its
                    // own handshake for a minute, and an ICE restart cannot mend it. A new peer connection can. (When
                    // ICE itself failed, the browser sees it and asks for a restart, and a new peer connection would
                    // only start its checks, and what the page can tell about them, over.)
                    participant.sink().send(new ErrorMessage(ErrorCode.ICE_RESTART_FAILED, SECURE_CONNECTION_FAILED));
                }
            }
        });
        self[0] = new ParticipantMedia(router.roomId(), participantId, sink, transport, unforwarded);
        return self[0];
    }

    synchronized void setMuted(String participantId, MediaKind kind, boolean muted) {
        ParticipantMedia participant = participants.get(participantId);
        if (participant != null) {
            participant.setMuted(kind, muted);
        }
    }

    synchronized void onSignal(String participantId, Message.FromClient message) throws ProtocolException {
        ParticipantMedia participant = participants.get(participantId);
        if (participant == null) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "Join the room before sending media messages.");
        }
        if (message instanceof Offer offer) {
            ParticipantMedia.CheckedOffer checked = participant.check(offer.sdp(), offer.screenMid());
            if (participant.negotiated()) {
                participant = restart(participant);
            }
            List<Producer> produced;
            try {
                produced = participant.accept(checked, decodersOfAllBut(participant));
            } catch (RuntimeException e) {
                // The backend refused half-way: drop what it took, so the next offer starts from a clean session.
                restart(participant);
                throw new ProtocolException(ErrorCode.INTERNAL_ERROR,
                        "The media server could not take this offer; send a new one.", e);
            }
            publish(participant, produced);
        } else if (message instanceof Answer answer) {
            participant.acceptAnswer(answer.sdp());
        } else if (message instanceof RestartIce) {
            participant.requestIceRestart();
            participant.renegotiate();
        } else if (message instanceof ShareScreen share) {
            participant.setSharingScreen(share.sharing());
        } else if (message instanceof Candidate candidate) {
            IceCandidates.parse(candidate.candidate()).ifPresent(participant.transport::addRemoteCandidate);
        } else {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    "The media node takes offer, answer, candidate, restartIce and shareScreen messages only.");
        }
    }

    /**
     * A browser that offers again has a new peer connection (a reload, or a connection beyond ICE restart): its old
     * session goes, as if it had left, and a new one starts with the same participant id, socket and mute state.
     * The offer is checked before this, so a bad one changes nothing.
     */
    private ParticipantMedia restart(ParticipantMedia old) {
        boolean inAudience = audience.contains(old.participantId);
        close(old.participantId);
        if (inAudience) {
            audience.add(old.participantId); // still in the audience: only the session starts over
        }
        ParticipantMedia fresh = newSession(old.participantId, old.sink());
        old.mutedKinds().forEach(kind -> fresh.setMuted(kind, true));
        fresh.keepSharingScreen(old.sharingScreen());
        participants.put(old.participantId, fresh);
        sessionsChanged();
        return fresh;
    }

    /**
     * The newcomer's tracks go to everyone negotiated (unless the newcomer is in the audience); everyone's tracks but
     * the audience's go to the newcomer.
     */
    private void publish(ParticipantMedia newcomer, Iterable<Producer> newProducers) {
        chooseVideoCodecs();
        boolean heard = !audience.contains(newcomer.participantId);
        for (ParticipantMedia other : participants.values()) {
            if (other == newcomer || !other.negotiated()) {
                continue;
            }
            if (heard) {
                newProducers.forEach(other::consume);
            }
            if (!audience.contains(other.participantId)) {
                other.producers().forEach(newcomer::consume);
            }
            other.renegotiate();
        }
        newcomer.renegotiate();
    }

    /**
     * Each publisher sends the video codec most of the others decode: the room changed who decodes what. Only those
     * who send video are asked (in a large room, a handful among hundreds who watch).
     */
    private void chooseVideoCodecs() {
        participants.values().stream().filter(ParticipantMedia::sendsVideo)
                .forEach(p -> p.chooseVideoCodec(decodersOfAllBut(p)));
    }

    private List<List<RtpCodec>> decodersOfAllBut(ParticipantMedia participant) {
        return participants.values().stream().filter(p -> p != participant && p.negotiated())
                .map(ParticipantMedia::videoDecoders).toList();
    }

    /** The participant's current producers (empty when unknown). */
    synchronized List<Producer> producersOf(String participantId) {
        ParticipantMedia participant = participants.get(participantId);
        return participant == null ? List.of() : participant.producers();
    }

    /** @return true when the room has no participant left */
    synchronized boolean close(String participantId) {
        ParticipantMedia leaving = participants.remove(participantId);
        audience.remove(participantId);
        if (leaving != null) {
            sessionsChanged();
            leaving.close();
            participants.values().forEach(other -> other.dropConsumersOf(participantId));
            chooseVideoCodecs();
            participants.values().forEach(ParticipantMedia::renegotiate);
        }
        return participants.isEmpty();
    }

    synchronized void closeRouter() {
        participants.values().forEach(ParticipantMedia::close);
        participants.clear();
        sessionsChanged();
        router.close();
    }
}
