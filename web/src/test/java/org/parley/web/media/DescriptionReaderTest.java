package org.parley.web.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.web.sdp.SdpFixtures;

class DescriptionReaderTest {

    @Test
    void readsTransportAndTracksOfAChromiumOffer() throws Exception {
        RemoteDescription offer = DescriptionReader.read(SdpFixtures.chromiumOffer());
        assertEquals("ixWl", offer.ice().usernameFragment());
        assertEquals("sha-256", offer.fingerprint().algorithm());
        assertEquals("actpass", offer.setup());
        RemoteSection video = offer.sections().get(1);
        assertTrue(video.browserSends());
        assertEquals(List.of(new RtpEncoding(121385311L, 1777063857L)), video.encodings());
        assertEquals("f33bc483-171a-429e-a78f-b4cbe5c48b81", video.trackId());
        // TCP candidates are of no use to a UDP-only server
        assertTrue(offer.candidates().stream().allMatch(c -> c.protocol().equals("udp")));
        assertEquals(4, offer.candidates().size());
    }

    @Test
    void keepsOpusAndVp8H264WithTheirRtxOnly() throws Exception {
        RemoteDescription offer = DescriptionReader.read(SdpFixtures.chromiumOffer());
        List<RtpCodec> audio = CodecPolicy.acceptForReceiving("audio", offer.sections().get(0).codecs());
        assertEquals(List.of("opus"), audio.stream().map(RtpCodec::mimeSubtype).toList());
        List<RtpCodec> video = CodecPolicy.acceptForReceiving("video", offer.sections().get(1).codecs());
        assertEquals(List.of(96, 97, 108, 109), video.stream().map(RtpCodec::payloadType).toList());
        assertEquals(List.of("ccm fir", "nack", "nack pli"), video.get(0).rtcpFeedback());
    }

    @Test
    void namesWhatIsMissing() {
        String noFingerprint = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                + "a=mid:0\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\na=rtpmap:111 opus/48000/2\r\n";
        ProtocolException e = assertThrows(ProtocolException.class, () -> DescriptionReader.read(noFingerprint));
        assertEquals(ErrorCode.INVALID_SDP, e.code());
        assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());

        ProtocolException noMid = assertThrows(ProtocolException.class,
                () -> DescriptionReader.read(noFingerprint.replace("a=mid:0\r\n", "")));
        assertTrue(noMid.getMessage().contains("mid"), noMid.getMessage());

        ProtocolException garbage = assertThrows(ProtocolException.class, () -> DescriptionReader.read("not sdp"));
        assertEquals(ErrorCode.INVALID_SDP, garbage.code());
    }

    @Test
    void candidatesParseOrAreIgnored() {
        assertEquals("127.0.0.1", IceCandidates.parse("candidate:1 1 udp 2122194687 127.0.0.1 39957 typ host generation 0")
                .orElseThrow().address());
        assertTrue(IceCandidates.parse("candidate:1 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active").isEmpty());
        assertTrue(IceCandidates.parse("candidate:1 2 udp 2122194687 127.0.0.1 39957 typ host").isEmpty());
        assertTrue(IceCandidates.parse("candidate:1 1 udp x 127.0.0.1 39957 typ host").isEmpty());
        assertTrue(IceCandidates.parse("").isEmpty());
        assertTrue(IceCandidates.parse(null).isEmpty());
    }
}
