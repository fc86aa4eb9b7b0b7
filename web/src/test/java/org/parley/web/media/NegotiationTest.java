package org.parley.web.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.ProtocolException;
import org.parley.api.signalling.RestartIce;
import org.parley.api.signalling.ShareScreen;
import org.parley.media.spi.MediaBackend;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.Producer;
import org.parley.media.spi.Router;
import org.parley.media.spi.TransportListener;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.WebRtcTransport;
import org.parley.media.spi.MediaBackends;
import org.parley.media.spi.MediaSettings;
import org.parley.web.sdp.MediaDescription;
import org.parley.web.sdp.SdpFixtures;
import org.parley.web.sdp.SdpParser;
import org.parley.web.sdp.SessionDescription;

/** Negotiation of a room's sessions on the real default backend (sockets on loopback; no media is sent). */
class NegotiationTest {

    private MediaBackend backend;
    private RoomMedia room;
    private final UnforwardedTracks unforwarded = new UnforwardedTracks();
    private int port;

    /** A participant as negotiation sees it: what the server sent them. */
    private final class Browser {
        final String id;
        final List<Message> received = new ArrayList<>();
        final String offer;

        Browser(String id, long audioSsrc, long videoSsrc, long rtxSsrc) {
            this(id, offerWith(audioSsrc, videoSsrc, rtxSsrc));
        }

        Browser(String id, String offer) {
            this(id, offer, false);
        }

        Browser(String id, String offer, boolean inAudience) {
            this.id = id;
            this.offer = offer;
            room.open(id, inAudience, received::add);
        }

        void join() throws ProtocolException {
            room.onSignal(id, new Offer(offer));
        }

        /** Joins with the offer's third section (mid 2) named as the screen. */
        void joinSharingOn(String screenMid) throws ProtocolException {
            room.onSignal(id, new Offer(offer, screenMid));
        }

        <T extends Message> List<T> all(Class<T> type) {
            return received.stream().filter(type::isInstance).map(type::cast).toList();
        }

        /** The server's answer to this browser's offer. */
        SessionDescription answer() throws Exception {
            return SdpParser.parse(all(Answer.class).get(0).sdp());
        }

        SessionDescription lastOffer() throws Exception {
            List<Offer> offers = all(Offer.class);
            return SdpParser.parse(offers.get(offers.size() - 1).sdp());
        }

        /** Answers the server's last offer as a browser would: same sections, directions mirrored. */
        void answerLastOffer() throws Exception {
            String sdp = all(Offer.class).get(all(Offer.class).size() - 1).sdp()
                    .replace("a=sendonly", "a=RECV").replace("a=recvonly", "a=sendonly").replace("a=RECV", "a=recvonly")
                    .replace("a=setup:actpass", "a=setup:active");
            room.onSignal(id, new Answer(sdp));
        }
    }

    /** Chromium's offer with the given SSRCs (audio, video, video RTX). */
    private static String offerWith(long audioSsrc, long videoSsrc, long rtxSsrc) {
        return SdpFixtures.chromiumOffer()
                .replace("479434547", Long.toString(audioSsrc))
                .replace("121385311", Long.toString(videoSsrc))
                .replace("1777063857", Long.toString(rtxSsrc));
    }

    /** Chromium's offer with a second video section (mid 2) for the screen, sending under {@code screenSsrc}. */
    private static String offerWithScreen(long audioSsrc, long videoSsrc, long rtxSsrc, long screenSsrc) {
        String offer = offerWith(audioSsrc, videoSsrc, rtxSsrc).replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2")
                .stripTrailing() + "\r\n";
        String video = offer.substring(offer.indexOf("m=video"));
        String screen = video.replace("a=mid:1", "a=mid:2")
                .replace("FID " + videoSsrc + " " + rtxSsrc, "FID " + screenSsrc + " " + (screenSsrc + 1))
                .replace("a=ssrc:" + videoSsrc + " ", "a=ssrc:" + screenSsrc + " ")
                .replace("a=ssrc:" + rtxSsrc + " ", "a=ssrc:" + (screenSsrc + 1) + " ")
                .replace("f33bc483-171a-429e-a78f-b4cbe5c48b81", "5c4ee2a0-0000-4000-8000-000000000002");
        return offer + screen;
    }

    @BeforeEach
    void start() throws IOException {
        try (DatagramSocket free = new DatagramSocket(0)) {
            port = free.getLocalPort();
        }
        backend = MediaBackends.find("jvb", getClass().getClassLoader())
                .start(new MediaSettings("127.0.0.1", port, Optional.empty()));
        room = new RoomMedia(backend.createRouter("room-1"), unforwarded, 0);
    }

    @AfterEach
    void stop() {
        room.closeRouter();
        backend.close();
    }

    @Test
    void answersTheFirstOfferAsAPassiveReceiverWithItsCandidate() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();

        SessionDescription answer = alice.answer();
        assertEquals("BUNDLE 0 1", answer.attribute("group").orElseThrow());
        assertTrue(answer.attributes().stream().anyMatch(a -> a.name().equals("ice-lite")), "the server is ICE-lite");
        MediaDescription audio = answer.media().get(0);
        assertTrue(audio.hasFlag("recvonly"));
        assertEquals("passive", audio.attribute("setup").orElseThrow());
        assertEquals(List.of("111"), audio.formats());
        assertTrue(audio.attributes("candidate").stream().anyMatch(c -> c.contains("127.0.0.1 " + port + " typ host")),
                audio.attributes("candidate").toString());
        MediaDescription video = answer.media().get(1);
        assertEquals(List.of("96", "97", "108", "109"), video.formats());
        // The publisher's browser starts its uplink estimate at 1 Mbit/s (video codecs only, not their RTX).
        List<String> startBitrates = video.attributes("fmtp").stream().filter(f -> f.contains("x-google-start-bitrate=1000"))
                .map(f -> f.substring(0, f.indexOf(' '))).toList();
        assertEquals(List.of("96", "108"), startBitrates, video.attributes("fmtp").toString());
        assertTrue(audio.attributes("fmtp").stream().noneMatch(f -> f.contains("x-google")), audio.attributes("fmtp").toString());
        assertTrue(alice.all(Offer.class).isEmpty(), "alone in the room: nothing to renegotiate");
    }

    @Test
    void eachNewcomerIsOfferedTheOthersTracksAndTheOthersTheNewcomers() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        Browser bob = new Browser("bob", 11, 12, 13);
        bob.join();

        SessionDescription toAlice = alice.lastOffer();
        assertEquals(4, toAlice.media().size());
        MediaDescription bobsVideo = toAlice.media().get(3);
        assertTrue(bobsVideo.hasFlag("sendonly"));
        assertTrue(bobsVideo.attribute("msid").orElseThrow().startsWith("bob "), "the stream id names the sender");
        assertEquals(1, bobsVideo.attributes("ssrc-group").size());
        assertFalse(bobsVideo.attributes("ssrc-group").contains("FID 12 13"), "SSRCs of alice's consumer, not bob's own");

        SessionDescription toBob = bob.lastOffer();
        assertTrue(toBob.media().get(2).attribute("msid").orElseThrow().startsWith("alice "));
        assertEquals(1, bob.all(Answer.class).size());
    }

    @Test
    void theAudienceWatchesTheStageButWhatItSendsReachesNobody() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        Browser bob = new Browser("bob", offerWith(11, 12, 13), true);
        bob.join();
        Browser carol = new Browser("carol", 21, 22, 23);
        carol.join();
        bob.join(); // a new peer connection (a reload): still in the audience
        alice.answerLastOffer(); // whatever waited for her answer is offered now

        assertTrue(alice.lastOffer().media().stream().anyMatch(m -> m.attribute("msid").orElse("").startsWith("carol ")),
                "carol's tracks were offered to alice");
        assertTrue(alice.all(Offer.class).stream().noneMatch(o -> o.sdp().contains("msid:bob ")),
                "the stage is offered nothing of the audience's");
        assertTrue(carol.lastOffer().media().stream().noneMatch(m -> m.attribute("msid").orElse("").startsWith("bob ")));
        bob.answerLastOffer(); // carol's tracks wait for the offer out to be answered
        SessionDescription toBob = bob.lastOffer();
        assertTrue(toBob.media().stream().anyMatch(m -> m.attribute("msid").orElse("").startsWith("alice ")),
                "the audience watches the stage");
        assertTrue(toBob.media().stream().anyMatch(m -> m.attribute("msid").orElse("").startsWith("carol ")));
    }

    @Test
    void onlyOneOfferIsOutAtATime() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        new Browser("bob", 11, 12, 13).join();
        assertEquals(1, alice.all(Offer.class).size());

        new Browser("carol", 21, 22, 23).join();
        assertEquals(1, alice.all(Offer.class).size(), "carol's tracks wait until alice answers bob's");

        alice.answerLastOffer();
        assertEquals(2, alice.all(Offer.class).size());
        SessionDescription next = alice.lastOffer();
        assertEquals(6, next.media().size());
        assertTrue(next.media().get(5).attribute("msid").orElseThrow().startsWith("carol "));
    }

    @Test
    void aLeaversSectionsGoInactiveAndAreReused() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        new Browser("bob", 11, 12, 13).join();
        alice.answerLastOffer();

        room.close("bob");
        SessionDescription afterLeave = alice.lastOffer();
        assertEquals(4, afterLeave.media().size(), "mids are stable: sections are never removed");
        assertTrue(afterLeave.media().get(2).hasFlag("inactive"));
        assertFalse(afterLeave.media().get(3).attribute("msid").isPresent());
        alice.answerLastOffer();

        new Browser("carol", 21, 22, 23).join();
        SessionDescription withCarol = alice.lastOffer();
        assertEquals(4, withCarol.media().size(), "carol's tracks take the free sections");
        assertTrue(withCarol.media().get(3).attribute("msid").orElseThrow().startsWith("carol "));
    }

    @Test
    void aSecondBrowserOfferStartsItsMediaOverAndTheOthersFollow() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        Browser bob = new Browser("bob", 11, 12, 13);
        bob.join();
        alice.answerLastOffer();
        bob.answerLastOffer();

        List<String> before = bob.lastOffer().media().get(3).attributes("ssrc-group");

        room.onSignal("alice", new Offer(offerWith(5, 6, 7).replace("a=ice-ufrag:ixWl", "a=ice-ufrag:newU")));

        assertEquals(2, alice.all(Answer.class).size(), "the new peer connection gets its own answer");
        assertTrue(bob.lastOffer().media().get(3).hasFlag("inactive"), "first, alice's old tracks stop");
        bob.answerLastOffer();
        SessionDescription toBob = bob.lastOffer();
        assertEquals(1, toBob.media().get(3).attributes("ssrc-group").size());
        assertNotEquals(before, toBob.media().get(3).attributes("ssrc-group"), "bob now receives alice's new tracks");
        assertEquals(4, toBob.media().size(), "in the sections her old tracks left free");
    }

    @Test
    void aBadSecondOfferLeavesTheCallAsItWas() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        Browser bob = new Browser("bob", 11, 12, 13);
        bob.join();
        int offersToBob = bob.all(Offer.class).size();
        assertEquals(ErrorCode.INVALID_SDP,
                assertThrows(ProtocolException.class, () -> room.onSignal("alice", new Offer("v=0\r\ngarbage"))).code());
        assertEquals(offersToBob, bob.all(Offer.class).size(), "bob's call is not renegotiated");
        assertEquals(1, alice.all(Answer.class).size());
    }

    @Test
    void mutingPausesTheTracksOfThatKindOnly() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        room.setMuted("alice", MediaKind.AUDIO, true);
        assertEquals(List.of(true, false), pausedByKind("alice"));

        room.onSignal("alice", new Offer(alice.offer));
        assertEquals(2, alice.all(Answer.class).size());
        assertEquals(List.of(true, false), pausedByKind("alice"), "a restarted session keeps the mute");

        room.setMuted("alice", MediaKind.AUDIO, false);
        assertEquals(List.of(false, false), pausedByKind("alice"));
    }

    /** Whether the participant's audio and video producers are paused, in that order. */
    private List<Boolean> pausedByKind(String participantId) {
        List<Producer> producers = room.producersOf(participantId);
        return List.of(MediaKind.AUDIO, MediaKind.VIDEO).stream()
                .map(kind -> producers.stream().filter(p -> p.kind() == kind).findFirst().orElseThrow().isPaused())
                .toList();
    }

    @Test
    void anIceRestartOffersNewCredentialsAndTakesTheBrowsersNewOnes() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE,
                assertThrows(ProtocolException.class, () -> room.onSignal("alice", new RestartIce())).code());
        alice.join();
        String before = alice.answer().media().get(0).attribute("ice-ufrag").orElseThrow();

        room.onSignal("alice", new RestartIce());
        SessionDescription restart = alice.lastOffer();
        String after = restart.media().get(0).attribute("ice-ufrag").orElseThrow();
        assertNotEquals(before, after, "new server credentials");
        assertEquals(2, restart.media().size(), "same sections, nothing else changes");

        // the browser answers with new credentials of its own
        String answer = alice.all(Offer.class).get(0).sdp().replace("a=recvonly", "a=sendonly")
                .replace("a=setup:actpass", "a=setup:active")
                .replaceAll("a=ice-ufrag:\\S+", "a=ice-ufrag:brwsr2").replaceAll("a=ice-pwd:\\S+", "a=ice-pwd:browserpassword2222222222");
        room.onSignal("alice", new Answer(answer));
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE,
                assertThrows(ProtocolException.class, () -> room.onSignal("alice", new Answer(answer))).code(),
                "the restart is complete");
    }

    @Test
    void anOfferLostWhileAwayIsSentAgainOnResume() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        List<Message> deadSocket = new ArrayList<>();
        room.open("alice", false, deadSocket::add); // alice's socket dropped; signalling gave her media node a sink nobody reads
        new Browser("bob", 11, 12, 13).join();
        assertEquals(1, deadSocket.stream().filter(Offer.class::isInstance).count());
        assertTrue(alice.all(Offer.class).isEmpty());

        room.open("alice", false, alice.received::add); // she resumes on a new socket
        assertEquals(((Offer) deadSocket.get(0)).sdp(), alice.all(Offer.class).get(0).sdp());
        alice.answerLastOffer();
    }

    @Test
    void anOfferWithNothingUsableIsRefusedAndChangesNothing() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        String pcmuAndVp9Only = alice.offer
                .replaceAll("m=audio (\\d+) UDP/TLS/RTP/SAVPF [0-9 ]+", "m=audio $1 UDP/TLS/RTP/SAVPF 0")
                .replaceAll("m=video 9 UDP/TLS/RTP/SAVPF [0-9 ]+", "m=video 9 UDP/TLS/RTP/SAVPF 98");
        ProtocolException e = assertThrows(ProtocolException.class, () -> room.onSignal("alice", new Offer(pcmuAndVp9Only)));
        assertEquals(ErrorCode.NO_USABLE_CODEC, e.code());
        assertTrue(alice.received.isEmpty());

        alice.join();
        assertEquals(1, alice.all(Answer.class).size(), "the session is still open to a good offer");
    }

    @Test
    void answersOutOfTurnOrMisshapenAreRefused() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE,
                assertThrows(ProtocolException.class, () -> room.onSignal("alice", new Answer(alice.offer))).code());

        new Browser("bob", 11, 12, 13).join();
        ProtocolException wrongShape = assertThrows(ProtocolException.class, () -> room.onSignal("alice", new Answer(alice.offer)));
        assertEquals(ErrorCode.INVALID_SDP, wrongShape.code());
        assertTrue(wrongShape.getMessage().contains("do not match"), wrongShape.getMessage());
        alice.answerLastOffer();
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, assertThrows(ProtocolException.class, alice::answerLastOffer).code(),
                "the well-formed answer was taken, so nothing is left to answer");
    }

    @Test
    void aSha1FingerprintIsRefusedUpFrontWithItsOwnErrorAndChangesNothing() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        String sha1 = alice.offer.replaceAll("a=fingerprint:sha-256 \\S+",
                "a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB");

        ProtocolException e = assertThrows(ProtocolException.class, () -> room.onSignal("alice", new Offer(sha1)));

        assertEquals(ErrorCode.UNSUPPORTED_FINGERPRINT, e.code());
        assertTrue(e.getMessage().contains("sha-1") && e.getMessage().contains("sha-256"), e.getMessage());
        assertTrue(alice.received.isEmpty());
        alice.join();
        assertEquals(1, alice.all(Answer.class).size(), "the session is still open to a good offer");
    }

    @Test
    void aSectionWithEightySixSsrcsIsRefusedAndTheOthersNegotiationCarriesOn() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        Browser bob = new Browser("bob", 11, 12, 13);
        bob.join();
        alice.answerLastOffer();
        Browser carol = new Browser("carol", 21, 22, 23);
        StringBuilder extra = new StringBuilder();
        for (int ssrc = 1000; ssrc < 1084; ssrc++) { // with its video and RTX SSRCs: 86 in the video section
            extra.append("a=ssrc:").append(ssrc).append(" cname:uGzZ1BqSyAbnoOZd\r\n");
        }
        String crowded = carol.offer.replace("a=ssrc:23 cname:uGzZ1BqSyAbnoOZd\r\n",
                "a=ssrc:23 cname:uGzZ1BqSyAbnoOZd\r\n" + extra);
        int offersToAlice = alice.all(Offer.class).size();

        ProtocolException e = assertThrows(ProtocolException.class, () -> room.onSignal("carol", new Offer(crowded)));

        assertEquals(ErrorCode.TOO_MANY_STREAMS, e.code());
        assertTrue(e.getMessage().contains("86 SSRCs"), e.getMessage());
        assertEquals(offersToAlice, alice.all(Offer.class).size(), "nobody is renegotiated for a refused offer");
        carol.join();
        alice.answerLastOffer();
        bob.answerLastOffer();
        assertTrue(alice.lastOffer().media().stream().anyMatch(m -> m.attribute("msid").orElse("").startsWith("carol ")),
                "carol's good offer reaches alice");
        assertTrue(bob.lastOffer().media().stream().anyMatch(m -> m.attribute("msid").orElse("").startsWith("carol ")),
                "and bob");
        assertEquals(0, alice.all(ErrorMessage.class).size() + bob.all(ErrorMessage.class).size());
    }

    /** The browser's offer is refused with {@code code} and a message naming {@code mentioned}; nothing else was sent. */
    private static void assertRefused(Browser browser, ErrorCode code, String mentioned) {
        ProtocolException refused = assertThrows(ProtocolException.class, browser::join);
        assertEquals(code, refused.code());
        assertTrue(refused.getMessage().contains(mentioned), refused.getMessage());
        assertTrue(browser.received.isEmpty());
    }

    @Test
    void anOfferAnnouncingOneSsrcInTwoSectionsIsRefused() throws Exception {
        assertRefused(new Browser("alice", 5, 5, 6), ErrorCode.INVALID_SDP, "SSRC 5");
    }

    /**
     * The answer to an ICE restart arrives after the restart gave up (the transport refuses its credentials). The
     * participant hears why, and what changed meanwhile (carol joined) is offered at once: negotiation goes on.
     */
    @Test
    void anAnswerThatFailsHalfWayLeavesTheParticipantsNegotiationGoingOn() throws Exception {
        AtomicBoolean restartGaveUp = new AtomicBoolean();
        room.closeRouter();
        room = new RoomMedia(refusingRestartCredentials(backend.createRouter("room-2"), restartGaveUp), unforwarded, 0);
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        new Browser("bob", 11, 12, 13).join();
        room.onSignal("alice", new RestartIce());
        alice.answerLastOffer(); // bob's tracks; the restart offer follows
        new Browser("carol", 21, 22, 23).join(); // waits for alice's answer to the restart offer
        int offers = alice.all(Offer.class).size();

        restartGaveUp.set(true);
        ProtocolException e = assertThrows(ProtocolException.class, alice::answerLastOffer);

        assertEquals(ErrorCode.ICE_RESTART_FAILED, e.code());
        assertEquals(offers + 1, alice.all(Offer.class).size(), "what changed meanwhile is offered right away");
        assertTrue(alice.lastOffer().media().stream().anyMatch(m -> m.attribute("msid").orElse("").startsWith("carol ")));
        restartGaveUp.set(false);
        alice.answerLastOffer();
    }

    @Test
    void aTrackTheSubscriberCannotDecodeIsCountedNotSilentlyDropped() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        Browser vp9Only = new Browser("bob", 11, 12, 13);
        String offer = vp9Only.offer.replaceAll("m=video 9 UDP/TLS/RTP/SAVPF [0-9 ]+", "m=video 9 UDP/TLS/RTP/SAVPF 98");

        room.onSignal("bob", new Offer(offer));

        assertEquals(1, unforwarded.count(UnforwardedTracks.Reason.NO_COMMON_CODEC), "alice's VP8 video, for bob");
        List<MediaDescription> toBob = vp9Only.lastOffer().media();
        assertTrue(toBob.stream().anyMatch(m -> m.kind().equals("audio") && m.attribute("msid").orElse("").startsWith("alice ")),
                "bob still gets alice's audio");
        assertFalse(toBob.stream().anyMatch(m -> m.kind().equals("video") && m.attribute("msid").orElse("").startsWith("alice ")));
    }

    /**
     * A media connection whose DTLS handshake failed: the browser's ICE may look fine, and no ICE restart can mend the
     * handshake, so the participant is told to start over with a new peer connection. One whose ICE failed is left
     * to the browser, which sees that and asks for an ICE restart.
     */
    @Test
    void aFailedDtlsHandshakeIsStartedOverNotLeftWaiting() throws Exception {
        List<TransportListener> listeners = new ArrayList<>();
        List<WebRtcTransport> transports = new ArrayList<>();
        room.closeRouter();
        Router real = backend.createRouter("room-2");
        room = new RoomMedia(delegate(Router.class, (method, args) -> {
            if (!method.getName().equals("createWebRtcTransport")) {
                return call(real, method, args);
            }
            listeners.add((TransportListener) args[1]);
            WebRtcTransport transport = (WebRtcTransport) call(real, method, args);
            boolean dtlsFails = transports.isEmpty(); // alice's
            transports.add(delegate(WebRtcTransport.class, (m, a) ->
                    m.getName().equals("canRestartIce") ? !dtlsFails : call(transport, m, a)));
            return transports.get(transports.size() - 1);
        }), unforwarded, 0);
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        Browser bob = new Browser("bob", 11, 12, 13);
        bob.join();

        listeners.get(0).onStateChange(transports.get(0), TransportState.FAILED);
        listeners.get(1).onStateChange(transports.get(1), TransportState.FAILED);

        List<ErrorMessage> toAlice = alice.all(ErrorMessage.class);
        assertEquals(1, toAlice.size(), "alice is told once: " + toAlice);
        assertEquals(ErrorCode.ICE_RESTART_FAILED, toAlice.get(0).code());
        assertTrue(toAlice.get(0).message().contains("new peer connection"), toAlice.get(0).message());
        assertEquals(List.of(), bob.all(ErrorMessage.class), "bob's ICE failed: his browser restarts it");

        alice.join(); // her new peer connection's offer: a new session
        assertEquals(3, transports.size());
    }

    /** The real router, whose transports refuse an ICE restart's remote credentials while {@code refuse} is set. */
    private static Router refusingRestartCredentials(Router real, AtomicBoolean refuse) {
        return delegate(Router.class, (method, args) -> {
            Object result = call(real, method, args);
            if (!method.getName().equals("createWebRtcTransport")) {
                return result;
            }
            WebRtcTransport transport = (WebRtcTransport) result;
            return delegate(WebRtcTransport.class, (m, a) -> {
                if (m.getName().equals("setRemoteIceParameters") && refuse.get()) {
                    throw new IllegalStateException("ICE restart did not complete within PT30S");
                }
                return call(transport, m, a);
            });
        });
    }

    private interface Call {
        Object invoke(Method method, Object[] args) throws Throwable;
    }

    private static <T> T delegate(Class<T> type, Call call) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> call.invoke(method, args)));
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void firefoxAndChromiumEachGetTheOthersTracksInTheirOwnNumbering() throws Exception {
        Browser chrome = new Browser("chrome", 1, 2, 3);
        chrome.join();
        Browser fox = new Browser("fox", SdpFixtures.firefoxOffer());
        fox.join();

        SessionDescription foxAnswer = fox.answer();
        assertEquals("BUNDLE 0 1", foxAnswer.attribute("group").orElseThrow(), "the bundle-only video is accepted");
        MediaDescription foxVideo = foxAnswer.media().get(1);
        assertEquals(9, foxVideo.port());
        assertEquals(List.of("120", "124"), foxVideo.formats());
        assertTrue(foxVideo.hasFlag("recvonly"));
        assertFalse(foxAnswer.media().get(0).hasFlag("rtcp-rsize"), "reduced-size RTCP only where offered");

        SessionDescription toFox = fox.lastOffer();
        assertEquals(List.of("109"), sectionOf(toFox, "audio", "chrome ").formats());
        MediaDescription chromesVideo = sectionOf(toFox, "video", "chrome ");
        assertEquals(List.of("120", "124"), chromesVideo.formats());
        assertTrue(chromesVideo.attributes("fmtp").contains("124 apt=120"), chromesVideo.attributes("fmtp").toString());
        assertEquals("actpass", chromesVideo.attribute("setup").orElseThrow(), "every offer says actpass (RFC 8842)");

        SessionDescription toChrome = chrome.lastOffer();
        assertEquals(List.of("111"), sectionOf(toChrome, "audio", "fox ").formats());
        MediaDescription foxsVideo = sectionOf(toChrome, "video", "fox ");
        assertEquals(List.of("96", "97"), foxsVideo.formats());
        assertEquals(1, foxsVideo.attributes("ssrc-group").size(), "video and its RTX");
        assertEquals(0, unforwarded.count(UnforwardedTracks.Reason.NO_COMMON_CODEC));
        fox.answerLastOffer();
        chrome.answerLastOffer();
    }

    @Test
    void aBrowserSendsH264WhileAnH264OnlyAppIsInTheRoomAndVp8AfterItLeaves() throws Exception {
        Browser chrome = new Browser("chrome", 1, 2, 3);
        chrome.join();
        assertEquals(List.of("96", "97", "108", "109"), chrome.answer()
                .media().get(1).formats(), "alone: VP8 first");
        Browser app = new Browser("app", SdpFixtures.libwebrtcOffer(true));
        app.join();

        assertEquals(List.of("108", "109", "96", "97"), chrome.lastOffer().media().get(1).formats(),
                "chrome's own video section now puts H.264 first, so its browser switches");
        assertEquals(List.of("109", "114"), sectionOf(app.lastOffer(), "video", "chrome ").formats(),
                "the app receives chrome's H.264 in its own numbering");
        assertEquals(0, unforwarded.count(UnforwardedTracks.Reason.NO_COMMON_CODEC));
        chrome.answerLastOffer();
        app.answerLastOffer();

        Browser fox = new Browser("fox", SdpFixtures.firefoxOffer());
        fox.join();
        assertEquals(List.of("108", "109", "96", "97"), chrome.lastOffer().media().get(1).formats(),
                "a tie (Firefox VP8, the app H.264) keeps what is sent: no switch back and forth");
        assertEquals(2, unforwarded.count(UnforwardedTracks.Reason.NO_COMMON_CODEC),
                "Firefox (no H.264 here) and the app have no video codec in common: each side's video, counted");
        chrome.answerLastOffer();

        room.close("app");
        assertEquals(List.of("96", "97", "108", "109"), chrome.lastOffer().media().get(1).formats(),
                "with the app gone, back to VP8, which Firefox decodes");
    }

    @Test
    void safariAndChromiumEachGetTheOthersTracksInTheirOwnNumbering() throws Exception {
        Browser chrome = new Browser("chrome", 1, 2, 3);
        chrome.join();
        Browser safari = new Browser("safari", SdpFixtures.safariOffer());
        safari.join();

        SessionDescription answer = safari.answer();
        assertEquals("BUNDLE audio video", answer.attribute("group").orElseThrow(), "the data section is left out");
        assertEquals(0, answer.media().get(2).port(), "Parley carries no data channels");
        assertEquals(List.of("100", "101", "98", "99"), answer.media().get(1).formats(),
                "VP8, then H.264 constrained baseline (42e01f, not the 640c1f offered first), each with RTX");
        assertTrue(answer.media().get(1).attributes("extmap").contains("4 urn:3gpp:video-orientation"));

        MediaDescription safarisVideo = sectionOf(chrome.lastOffer(), "video", "safari ");
        assertEquals(List.of("96", "97", "108", "109"), safarisVideo.formats(), "in Chromium's numbering");
        assertTrue(safarisVideo.attribute("msid").orElseThrow().endsWith(" bd201f69-1364-40da-828f-cc695ff54a37"),
                "the track id from Safari's SSRC-level msid");
        assertEquals(List.of("100", "101", "98", "99"), sectionOf(safari.lastOffer(), "video", "chrome ").formats(),
                "in Safari's numbering");
        assertEquals(0, unforwarded.count(UnforwardedTracks.Reason.NO_COMMON_CODEC));
    }

    @Test
    void aReceiveOnlySafariWatchesTheOthersInTheSectionsItOffered() throws Exception {
        Browser chrome = new Browser("chrome", 1, 2, 3);
        chrome.join();
        Browser viewer = new Browser("viewer", SdpFixtures.safariReceiveOnlyOffer());
        viewer.join();

        SessionDescription answer = viewer.answer();
        assertTrue(answer.media().stream().allMatch(m -> m.port() == 9 && m.hasFlag("inactive")), "nothing to receive yet");
        SessionDescription offer = viewer.lastOffer();
        assertEquals(2, offer.media().size(), "chrome's camera and microphone take Safari's own two sections");
        assertTrue(offer.media().get(0).hasFlag("sendonly") && offer.media().get(0).kind().equals("video"));
        assertEquals(List.of("104", "124", "98", "99"), offer.media().get(0).formats());
        assertTrue(offer.media().get(1).hasFlag("sendonly") && offer.media().get(1).kind().equals("audio"));
    }

    @Test
    void anOfferWhoseTransportLinesAreUnusableIsRefusedByName() {
        assertRefused(new Browser("ios", SdpFixtures.safariIosRedactedOffer()), ErrorCode.INVALID_SDP, "fingerprint");
    }

    /** Browsers may leave a=ssrc out (RFC 8843 §9.2): the MID header extension tells the server which section sends. */
    @Test
    void aSectionWithoutSsrcsIsReceivedByItsMidAndSubscribersAreToldSsrcsOfTheirOwn() throws Exception {
        String offer = SdpFixtures.chromiumOffer();
        int video = offer.indexOf("m=video");
        String withoutSsrcs = offer.substring(0, video)
                + offer.substring(video).replaceAll("a=ssrc(-group)?:[^\r\n]*\r\n", "");
        Browser chrome = new Browser("chrome", withoutSsrcs);
        chrome.join();
        Browser bob = new Browser("bob", 11, 12, 13);
        bob.join();

        MediaDescription answered = chrome.answer().media().get(1);
        assertTrue(answered.attributes("extmap").contains("4 urn:ietf:params:rtp-hdrext:sdes:mid"),
                "the MID extension is kept where the server receives");
        assertEquals(2, room.producersOf("chrome").size());
        MediaDescription toBob = sectionOf(bob.lastOffer(), "video", "chrome ");
        assertEquals(1, toBob.attributes("ssrc-group").size(), "media and RTX SSRCs of bob's own: " + toBob.attributes("ssrc"));
        assertFalse(toBob.attributes("extmap").stream().anyMatch(e -> e.endsWith("sdes:mid")),
                "a publisher's mid means nothing in a subscriber's session");

        String neither = withoutSsrcs.replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n", "")
                .replace("479434547", "479434999");
        Browser blind = new Browser("blind", neither);
        blind.join();
        SessionDescription refused = blind.answer();
        assertEquals(0, refused.media().get(1).port(), "without SSRCs or MID its packets could not be told apart");
    }

    /** Chromium's offer with three simulcast layers (its sendEncodings rids q, h, f): no a=ssrc for its video. */
    private static String simulcastOffer(String simulcastLine) {
        String offer = SdpFixtures.chromiumOffer();
        int video = offer.indexOf("m=video");
        return offer.substring(0, video) + offer.substring(video)
                .replaceAll("a=ssrc(-group)?:[^\r\n]*\r\n", "")
                .replace("a=rtcp-rsize\r\n", "a=rtcp-rsize\r\na=rid:q send\r\na=rid:h send\r\na=rid:f send\r\n"
                        + simulcastLine + "\r\n");
    }

    @Test
    void simulcastLayersAreAnsweredByRidAndASubscriberIsToldOneStream() throws Exception {
        Browser chrome = new Browser("chrome", simulcastOffer("a=simulcast:send q;h;f"));
        chrome.join();
        Browser bob = new Browser("bob", 11, 12, 13);
        bob.join();

        MediaDescription answered = chrome.answer().media().get(1);
        assertEquals(List.of("q recv", "h recv", "f recv"), answered.attributes("rid"));
        assertEquals("recv q;h;f", answered.attribute("simulcast").orElseThrow());
        assertTrue(answered.attributes("extmap").containsAll(List.of("10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                "11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "4 urn:ietf:params:rtp-hdrext:sdes:mid")));
        Producer camera = room.producersOf("chrome").stream().filter(p -> p.kind() == MediaKind.VIDEO).findFirst().orElseThrow();
        assertEquals(List.of("q", "h", "f"), camera.rtpParameters().encodings().stream().map(e -> e.rid()).toList());

        MediaDescription toBob = sectionOf(bob.lastOffer(), "video", "chrome ");
        assertEquals(1, toBob.attributes("ssrc-group").size(), "one stream whatever layer: " + toBob.attributes("ssrc"));
        assertTrue(toBob.attributes("rid").isEmpty() && toBob.attribute("simulcast").isEmpty());
        assertTrue(chrome.lastOffer().media().get(1).attribute("simulcast").isPresent(),
                "the server's own offers keep the publisher's simulcast");
    }

    @Test
    void simulcastBeyondFourLayersIsRefusedByName() {
        String five = simulcastOffer("a=simulcast:send q;h;f;x;y").replace("a=rid:f send\r\n",
                "a=rid:f send\r\na=rid:x send\r\na=rid:y send\r\n");
        assertRefused(new Browser("chrome", five), ErrorCode.TOO_MANY_STREAMS, "5 simulcast layers");
    }

    @Test
    void anAnswerThatWouldMakeTheServerTheDtlsClientIsRefusedAndTheOfferStaysOut() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        alice.join();
        new Browser("bob", 11, 12, 13).join();
        String passive = alice.all(Offer.class).get(0).sdp().replace("a=sendonly", "a=recvonly")
                .replace("a=setup:actpass", "a=setup:passive");

        ProtocolException e = assertThrows(ProtocolException.class, () -> room.onSignal("alice", new Answer(passive)));

        assertEquals(ErrorCode.INVALID_SDP, e.code());
        assertTrue(e.getMessage().contains("DTLS server"), e.getMessage());
        alice.answerLastOffer();
    }

    private static MediaDescription sectionOf(SessionDescription description, String kind, String msidPrefix) {
        return description.media().stream()
                .filter(m -> m.kind().equals(kind) && m.attribute("msid").orElse("").startsWith(msidPrefix))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " section for " + msidPrefix));
    }

    @Test
    void anOfferWithoutBundleIsRefusedAndASectionOutsideTheGroupIsRejectedCleanly() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> room.onSignal("alice", new Offer(alice.offer.replace("a=group:BUNDLE 0 1\r\n", ""))));
        assertEquals(ErrorCode.INVALID_SDP, e.code());
        assertTrue(e.getMessage().contains("BUNDLE"), e.getMessage());

        room.onSignal("alice", new Offer(alice.offer.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0")));

        SessionDescription answer = alice.answer();
        assertEquals("BUNDLE 0", answer.attribute("group").orElseThrow());
        assertEquals(0, answer.media().get(1).port(), "video wanted a transport of its own: rejected, audio goes on");
        assertEquals(List.of(MediaKind.AUDIO), room.producersOf("alice").stream().map(Producer::kind).toList());
    }

    @Test
    void theTransportIsTheBundleTaggedSections() throws Exception {
        Browser alice = new Browser("alice", 1, 2, 3);
        String offer = alice.offer.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1 0");
        int second = offer.indexOf("a=ice-ufrag:ixWl", offer.indexOf("m=video"));
        offer = offer.substring(0, second) + "a=ice-ufrag:vidU" + offer.substring(second + "a=ice-ufrag:ixWl".length());

        assertEquals("vidU", DescriptionReader.read(offer).ice().usernameFragment());
    }

    @Test
    void theScreenIsForwardedInAStreamOfItsOwnOnlyWhileShared() throws Exception {
        Browser alice = new Browser("alice", offerWithScreen(1, 2, 3, 4));
        alice.joinSharingOn("2");
        Browser bob = new Browser("bob", 11, 12, 13);
        bob.join();

        List<String> streams = bob.lastOffer().media().stream().map(m -> m.attribute("msid").orElse(""))
                .filter(msid -> msid.startsWith("alice")).map(msid -> msid.split(" ")[0]).toList();
        assertEquals(List.of("alice", "alice", "alice~screen"), streams, "microphone and camera, then the screen apart");
        Producer screen = room.producersOf("alice").stream().filter(p -> "2".equals(p.rtpParameters().mid())).findFirst().orElseThrow();
        Producer camera = room.producersOf("alice").stream().filter(p -> "1".equals(p.rtpParameters().mid())).findFirst().orElseThrow();
        assertTrue(screen.isPaused(), "nothing is shared yet");

        room.onSignal("alice", new ShareScreen(true));
        assertFalse(screen.isPaused());
        room.setMuted("alice", MediaKind.VIDEO, true);
        assertTrue(camera.isPaused());
        assertFalse(screen.isPaused(), "stopping the camera does not stop the screen");
        room.onSignal("alice", new ShareScreen(false));
        assertTrue(screen.isPaused());
    }

    @Test
    void aScreenThatIsNoVideoSectionOrSharingWithoutOneIsRefused() throws Exception {
        Browser alice = new Browser("alice", offerWithScreen(1, 2, 3, 4));
        ProtocolException audio = assertThrows(ProtocolException.class, () -> alice.joinSharingOn("0"));
        assertEquals(ErrorCode.INVALID_SDP, audio.code());
        ProtocolException missing = assertThrows(ProtocolException.class, () -> alice.joinSharingOn("7"));
        assertTrue(missing.getMessage().contains("screenMid '7'"), missing.getMessage());

        Browser bob = new Browser("bob", 11, 12, 13);
        bob.join();
        ProtocolException noScreen = assertThrows(ProtocolException.class, () -> room.onSignal("bob", new ShareScreen(true)));
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, noScreen.code());
    }
}
