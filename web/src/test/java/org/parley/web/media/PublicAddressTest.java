package org.parley.web.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Offer;
import org.parley.media.spi.MediaBackend;
import org.parley.media.spi.MediaBackends;
import org.parley.media.spi.MediaSettings;
import org.parley.web.sdp.MediaDescription;
import org.parley.web.sdp.SdpFixtures;
import org.parley.web.sdp.SdpParser;
import org.parley.web.sdp.SessionDescription;

/** A configured public address (1:1 NAT) reaches the browser: it is a candidate in the server's SDP answer. */
class PublicAddressTest {

    private static final String PUBLIC = "203.0.113.77"; // TEST-NET-3: documentation only, never contacted

    private MediaBackend backend;
    private RoomMedia room;
    private int port;

    @BeforeEach
    void start() throws IOException {
        try (DatagramSocket free = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = free.getLocalPort();
        }
        backend = MediaBackends.find("jvb", getClass().getClassLoader())
                .start(MediaBackendService.settings("127.0.0.1", port, Optional.empty(), Optional.empty(),
                        Optional.of(PUBLIC), 1));
        room = new RoomMedia(backend.createRouter("nat-room"), new UnforwardedTracks(), 0);
    }

    @AfterEach
    void stop() {
        room.closeRouter();
        backend.close();
    }

    @Test
    void theAnswerOffersThePublicAddressOnTheMediaPort() throws Exception {
        List<Message> received = new ArrayList<>();
        room.open("alice", false, received::add);
        room.onSignal("alice", new Offer(SdpFixtures.chromiumOffer()));

        Answer answer = received.stream().filter(Answer.class::isInstance).map(Answer.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no answer among " + received));
        SessionDescription sdp = SdpParser.parse(answer.sdp());
        MediaDescription first = sdp.media().get(0);
        List<String> candidates = first.attributes("candidate");
        assertTrue(candidates.stream().anyMatch(c -> c.contains(PUBLIC + " " + port + " typ host")),
                "the public address is a candidate: " + candidates);
        assertTrue(candidates.stream().anyMatch(c -> c.contains("127.0.0.1 " + port + " typ host")),
                "next to the local one: " + candidates);
    }

    @Test
    void withoutAPublicAddressOnlyLocalCandidatesAreOffered() throws Exception {
        try (MediaBackend plain = MediaBackends.find("jvb", getClass().getClassLoader())
                .start(new MediaSettings("127.0.0.1", 0, Optional.empty()))) {
            RoomMedia plainRoom = new RoomMedia(plain.createRouter("plain"), new UnforwardedTracks(), 0);
            List<Message> received = new ArrayList<>();
            plainRoom.open("bob", false, received::add);
            plainRoom.onSignal("bob", new Offer(SdpFixtures.chromiumOffer()));
            String sdp = received.stream().filter(Answer.class::isInstance).map(Answer.class::cast).findFirst()
                    .orElseThrow().sdp();
            assertTrue(!sdp.contains(PUBLIC), sdp);
            plainRoom.closeRouter();
        }
    }
}
