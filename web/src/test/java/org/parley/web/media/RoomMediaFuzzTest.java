package org.parley.web.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.MediaBackend;
import org.parley.media.spi.MediaBackends;
import org.parley.media.spi.MediaSettings;
import org.parley.web.sdp.SdpFixtures;

/**
 * Negotiation with a participant who sends any offer and answer, in a room where Alice is in a call, on the real
 * default backend (a socket on loopback; no media is sent): Mallory's messages are taken or refused with an error that
 * says what is wrong (never another exception, nor INTERNAL_ERROR: what the backend cannot take must be refused before
 * it), and the room carries on: Alice answers what she is offered, and Carol joins and is answered.
 *
 * <p>The input is {@code <offer SDP>\0<screenMid>\0<answer SDP>}, the last two optional.
 */
class RoomMediaFuzzTest {

    private static final Set<ErrorCode> REFUSALS = Set.of(ErrorCode.INVALID_SDP, ErrorCode.UNSUPPORTED_FINGERPRINT,
            ErrorCode.TOO_MANY_STREAMS, ErrorCode.NO_USABLE_CODEC, ErrorCode.UNEXPECTED_MESSAGE,
            ErrorCode.ICE_RESTART_FAILED);
    private static final MediaBackend BACKEND = start();
    private static final AtomicInteger ROOMS = new AtomicInteger();

    @AfterAll
    static void stop() {
        BACKEND.close();
    }

    @FuzzTest
    void offerAndAnswer(byte[] input) throws ProtocolException {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\0", 3);
        RoomMedia room = new RoomMedia(BACKEND.createRouter("room-" + ROOMS.incrementAndGet()), new UnforwardedTracks(), 0);
        try {
            List<Message> toAlice = join(room, "alice", SdpFixtures.chromiumOffer());
            List<Message> toMallory = new CopyOnWriteArrayList<>();
            room.open("mallory", false, toMallory::add);
            refusedClearly(() -> room.onSignal("mallory", new Offer(parts[0], parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null)));
            if (parts.length > 2) {
                refusedClearly(() -> room.onSignal("mallory", new Answer(parts[2])));
            }

            answerLastOffer(room, "alice", toAlice);
            List<Message> toCarol = join(room, "carol", SdpFixtures.chromiumOffer()
                    .replace("479434547", "21").replace("121385311", "22").replace("1777063857", "23"));
            assertEquals(1, toCarol.stream().filter(Answer.class::isInstance).count(), "Carol is answered");
            answerLastOffer(room, "alice", toAlice);
            room.close("mallory");
        } finally {
            room.closeRouter();
        }
    }

    private interface Signal {
        void send() throws ProtocolException;
    }

    private static void refusedClearly(Signal signal) {
        try {
            signal.send();
        } catch (ProtocolException refused) {
            assertTrue(REFUSALS.contains(refused.code()), refused.code() + ": " + refused.getMessage());
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "the refusal says why");
        }
    }

    private static List<Message> join(RoomMedia room, String participantId, String offer) throws ProtocolException {
        List<Message> received = new CopyOnWriteArrayList<>();
        room.open(participantId, false, received::add);
        room.onSignal(participantId, new Offer(offer));
        return received;
    }

    /** Answers the server's last offer not answered yet, if any, as a browser would: same sections, directions mirrored. */
    private static void answerLastOffer(RoomMedia room, String participantId, List<Message> received) throws ProtocolException {
        List<Offer> offers = received.stream().filter(Offer.class::isInstance).map(Offer.class::cast).toList();
        if (offers.isEmpty()) {
            return;
        }
        received.removeAll(offers);
        String sdp = offers.get(offers.size() - 1).sdp()
                .replace("a=sendonly", "a=RECV").replace("a=recvonly", "a=sendonly").replace("a=RECV", "a=recvonly")
                .replace("a=setup:actpass", "a=setup:active");
        room.onSignal(participantId, new Answer(sdp));
    }

    private static MediaBackend start() {
        int port;
        try (DatagramSocket free = new DatagramSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MediaBackends.find("jvb", RoomMediaFuzzTest.class.getClassLoader())
                .start(new MediaSettings("127.0.0.1", port, Optional.empty()));
    }
}
