package org.parley.web.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
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
    void readsAFirefoxOfferWhoseVideoIsBundleOnly() throws Exception {
        RemoteDescription offer = DescriptionReader.read(SdpFixtures.firefoxOffer());
        assertEquals("caa14f2c", offer.ice().usernameFragment());
        assertEquals(2, offer.sections().size());
        RemoteSection video = offer.sections().get(1);
        assertEquals(0, video.port());
        assertTrue(video.bundleOnly(), "port 0 with a=bundle-only in the BUNDLE group shares the transport");
        assertFalse(video.rejectedByBrowser());
        assertTrue(video.browserSends());
        assertEquals(List.of(new RtpEncoding(740347343L, 137844047L)), video.encodings(), "RTX paired by ssrc-group:FID");
        assertEquals("{0d24d298-3985-4530-95d4-c6d98d55f253}", video.trackId(), "msid from the media level");
        assertTrue(video.reducedSizeRtcp());
        assertFalse(offer.sections().get(0).reducedSizeRtcp(), "Firefox offers no rtcp-rsize for audio");
        List<RtpCodec> accepted = CodecPolicy.acceptForReceiving("video", video.codecs());
        assertEquals(List.of(120, 124), accepted.stream().map(RtpCodec::payloadType).toList());
        assertEquals(List.of(109), CodecPolicy.acceptForReceiving("audio", offer.sections().get(0).codecs()).stream()
                .map(RtpCodec::payloadType).toList());
    }

    @Test
    void readsLibwebrtcsOwnOffers() throws Exception {
        for (boolean h264Only : new boolean[] {false, true}) {
            RemoteDescription offer = DescriptionReader.read(SdpFixtures.libwebrtcOffer(h264Only));
            RemoteSection video = offer.sections().get(1);
            assertTrue(video.browserSends());
            assertEquals(1, video.encodings().size());
            assertTrue(video.encodings().get(0).rtxSsrc() != 0, "RTX paired by ssrc-group:FID");
            assertEquals("native", video.streamId());
            assertEquals(h264Only ? "H264" : "VP8",
                    CodecPolicy.acceptForReceiving("video", video.codecs()).get(0).mimeSubtype());
        }
    }

    @Test
    void aSectionAtPortZeroWithoutBundleOnlyIsOneTheBrowserRejected() throws Exception {
        String stopped = SdpFixtures.firefoxOffer().replace("a=bundle-only\r\n", "");
        assertTrue(DescriptionReader.read(stopped).sections().get(1).rejectedByBrowser());
        String notInTheGroup = SdpFixtures.firefoxOffer().replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0");
        assertTrue(DescriptionReader.read(notInTheGroup).sections().get(1).rejectedByBrowser());
    }

    @Test
    void aBundleGroupNamingAMidThatIsNotThereIsRefused() {
        String offer = SdpFixtures.chromiumOffer().replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 7");
        ProtocolException e = assertThrows(ProtocolException.class, () -> DescriptionReader.read(offer));
        assertEquals(ErrorCode.INVALID_SDP, e.code());
        assertTrue(e.getMessage().contains("'7'"), e.getMessage());
    }

    @Test
    void onePayloadTypeForTwoCodecsInOneBundleIsRefused() {
        String offer = SdpFixtures.chromiumOffer()
                .replace("UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 96")
                .replace("a=rtpmap:126 telephone-event/8000", "a=rtpmap:96 telephone-event/8000");
        ProtocolException e = assertThrows(ProtocolException.class, () -> DescriptionReader.read(offer));
        assertEquals(ErrorCode.INVALID_SDP, e.code());
        assertTrue(e.getMessage().contains("Payload type 96 is telephone-event/8000 in section '0' and vp8/90000 in "
                + "section '1'"), e.getMessage());
    }

    @Test
    void headerExtensionsParleyDoesNotForwardAreLeftOutOfTheAnswer() throws Exception {
        RemoteDescription offer = DescriptionReader.read(SdpFixtures.firefoxOffer()
                .replace("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\na=extmap:9 urn:example:unknown"));
        assertEquals(List.of("urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
                CodecPolicy.acceptExtensions(offer.sections().get(0).headerExtensions()).stream()
                        .map(RtpHeaderExtension::uri).toList());
    }

    @Test
    void keepsOpusAndVp8H264WithTheirRtxOnly() throws Exception {
        RemoteDescription offer = DescriptionReader.read(SdpFixtures.chromiumOffer());
        List<RtpCodec> audio = CodecPolicy.acceptForReceiving("audio", offer.sections().get(0).codecs());
        assertEquals(List.of("opus"), audio.stream().map(RtpCodec::mimeSubtype).toList());
        List<RtpCodec> video = CodecPolicy.acceptForReceiving("video", offer.sections().get(1).codecs());
        assertEquals(List.of(96, 97, 108, 109), video.stream().map(RtpCodec::payloadType).toList());
        assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"), video.get(0).rtcpFeedback(),
                "REMB and transport-cc too: the server tells publishers how much it takes and when packets arrived");
        assertEquals(List.of("transport-cc"), audio.get(0).rtcpFeedback());
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
