package org.parley.web.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.web.sdp.SdpFixtures;

/** Tracks between browsers that number codecs and header extensions differently, on real offers. */
class CodecPolicyTest {

    private final RemoteDescription chromium = read(SdpFixtures.chromiumOffer());
    private final RemoteDescription firefox = read(SdpFixtures.firefoxOffer());

    private static RemoteDescription read(String sdp) {
        try {
            return DescriptionReader.read(sdp);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void chromiumsVideoReachesFirefoxUnderFirefoxsPayloadTypes() {
        List<RtpCodec> produced = CodecPolicy.acceptForReceiving("video", chromium.sections().get(1).codecs());

        List<RtpCodec> forFirefox = CodecPolicy.forSubscriber(produced, firefox.sections().get(1).codecs());

        assertEquals(List.of("VP8/120", "rtx/124"), describe(forFirefox), "no H.264 in this Firefox: VP8 only");
        assertEquals("apt=120", forFirefox.get(1).fmtp(), "RTX points at the subscriber's VP8");
        assertEquals(List.of("ccm fir", "nack", "nack pli", "transport-cc"), forFirefox.get(0).rtcpFeedback(),
                "transport-wide feedback for the server's estimate of Firefox's downlink; no REMB, which it does not read");
    }

    @Test
    void firefoxsTracksReachChromiumUnderChromiumsPayloadTypes() {
        List<RtpCodec> video = CodecPolicy.acceptForReceiving("video", firefox.sections().get(1).codecs());
        List<RtpCodec> audio = CodecPolicy.acceptForReceiving("audio", firefox.sections().get(0).codecs());

        assertEquals(List.of("VP8/96", "rtx/97"),
                describe(CodecPolicy.forSubscriber(video, chromium.sections().get(1).codecs())));
        assertEquals(List.of("opus/111"), describe(CodecPolicy.forSubscriber(audio, chromium.sections().get(0).codecs())));
    }

    @Test
    void anH264OnlyNativePeerIsOfferedH264AndItsH264ReachesChromiumUnderChromiumsNumbers() throws Exception {
        RemoteDescription h264Only = read(SdpFixtures.libwebrtcOffer(true));
        List<RtpCodec> nativeVideo = CodecPolicy.acceptForReceiving("video", h264Only.sections().get(1).codecs());
        assertEquals(List.of("H264/109", "rtx/114"), describe(nativeVideo), "constrained baseline 42e01f, mode 1");

        assertEquals(List.of("H264/108", "rtx/109"),
                describe(CodecPolicy.forSubscriber(nativeVideo, chromium.sections().get(1).codecs())));
        List<RtpCodec> chromiumVideo = CodecPolicy.acceptForReceiving("video", chromium.sections().get(1).codecs());
        assertEquals(List.of("H264/109", "rtx/114"),
                describe(CodecPolicy.forSubscriber(chromiumVideo, h264Only.sections().get(1).codecs())),
                "offered H.264 only");
    }

    @Test
    void aSubscriberWithoutTheCodecGetsNothingAndOneWithoutRtxGetsNoRtx() {
        List<RtpCodec> video = CodecPolicy.acceptForReceiving("video", chromium.sections().get(1).codecs());
        List<RtpCodec> vp9Only = List.of(new RtpCodec(98, "VP9", 90000, 0, "profile-id=0", List.of()));
        List<RtpCodec> vp8WithoutRtx = List.of(new RtpCodec(100, "VP8", 90000, 0, "", List.of()));

        assertTrue(CodecPolicy.forSubscriber(video, vp9Only).isEmpty());
        assertEquals(List.of("VP8/100"), describe(CodecPolicy.forSubscriber(video, vp8WithoutRtx)));
    }

    @Test
    void h264IsMatchedByProfileNotByTheLiteralProfileLevelId() {
        RtpCodec constrainedBaseline = h264(102, "42e01f", 1);
        RtpCodec sameProfileOtherSpelling = h264(125, "42c01f", 1);
        RtpCodec constrainedBaselineAsMain = h264(126, "4d801f", 1);
        RtpCodec baseline = h264(103, "42001f", 1);
        RtpCodec main = h264(116, "4d001f", 1);
        RtpCodec constrainedHigh = h264(123, "640c1f", 1);
        RtpCodec high = h264(124, "640034", 1);

        assertTrue(CodecPolicy.decodes(constrainedBaseline, sameProfileOtherSpelling));
        assertTrue(CodecPolicy.decodes(constrainedBaselineAsMain, constrainedBaseline));
        assertTrue(CodecPolicy.decodes(constrainedBaseline, baseline), "constrained baseline is a subset of baseline");
        assertTrue(CodecPolicy.decodes(constrainedBaseline, main));
        assertFalse(CodecPolicy.decodes(baseline, constrainedBaseline));
        assertFalse(CodecPolicy.decodes(main, constrainedBaseline));
        assertTrue(CodecPolicy.decodes(constrainedHigh, high), "Safari's 640c1f plays on a high-profile decoder");
        assertFalse(CodecPolicy.decodes(high, constrainedHigh));
        assertFalse(CodecPolicy.decodes(constrainedBaseline, h264(114, "42e01f", 0)), "packetization modes differ");
        assertFalse(CodecPolicy.decodes(h264(120, "zz0000", 1), h264(120, "zz0000", 1)), "an unknown profile matches nothing");
        assertTrue(CodecPolicy.decodes(h264(98, "", 0), h264(99, "420010", 0)), "no profile-level-id means 420010");
    }

    @Test
    void aSubscriberGetsTheExactProfileWhenItHasItAndACompatibleOneOtherwise() {
        List<RtpCodec> produced = List.of(h264(102, "42e01f", 1));

        assertEquals(List.of("H264/108"), describe(CodecPolicy.forSubscriber(produced,
                List.of(h264(103, "42001f", 1), h264(108, "42e01f", 1)))));
        assertEquals(List.of("H264/103"), describe(CodecPolicy.forSubscriber(produced, List.of(h264(103, "42001f", 1)))));
        assertTrue(CodecPolicy.forSubscriber(List.of(h264(116, "4d001f", 1)), List.of(h264(108, "42e01f", 1))).isEmpty());
    }

    @Test
    void aPublisherSendsTheCodecMostOfItsSubscribersDecodeAndKeepsItsOrderOnATie() {
        List<RtpCodec> accepted = CodecPolicy.acceptForReceiving("video", chromium.sections().get(1).codecs());
        List<RtpCodec> h264Only = read(SdpFixtures.libwebrtcOffer(true)).sections().get(1).codecs();
        List<RtpCodec> firefoxVideo = firefox.sections().get(1).codecs();

        assertEquals(List.of("VP8/96", "rtx/97", "H264/108", "rtx/109"), describe(accepted));
        assertEquals(List.of("H264/108", "rtx/109", "VP8/96", "rtx/97"),
                describe(CodecPolicy.forPublisher(accepted, List.of(h264Only))));
        assertEquals(describe(accepted), describe(CodecPolicy.forPublisher(accepted, List.of(h264Only, firefoxVideo))));
        assertEquals(List.of("VP8/96", "rtx/97", "H264/108", "rtx/109"), describe(CodecPolicy.forPublisher(
                CodecPolicy.forPublisher(accepted, List.of(h264Only)), List.of(firefoxVideo))));
    }

    private static RtpCodec h264(int payloadType, String profileLevelId, int packetizationMode) {
        return new RtpCodec(payloadType, "H264", 90000, 0, "level-asymmetry-allowed=1;packetization-mode="
                + packetizationMode + (profileLevelId.isEmpty() ? "" : ";profile-level-id=" + profileLevelId), List.of());
    }

    @Test
    void headerExtensionsAreMatchedByUriAndTakeTheSubscribersIds() {
        List<RtpHeaderExtension> producer = List.of(new RtpHeaderExtension(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
                new RtpHeaderExtension(13, "urn:3gpp:video-orientation"));
        List<RtpHeaderExtension> subscriber = List.of(new RtpHeaderExtension(4, "urn:3gpp:video-orientation"));

        assertEquals(List.of(new RtpHeaderExtension(4, "urn:3gpp:video-orientation")),
                CodecPolicy.extensionsForSubscriber(producer, subscriber));
    }

    private static List<String> describe(List<RtpCodec> codecs) {
        return codecs.stream().map(c -> c.mimeSubtype() + "/" + c.payloadType()).toList();
    }

    @Test
    void opusFromAPublisherIsAnsweredWithInbandFecAndItsOwnDtxChoice() {
        List<RtpCodec> plain = CodecPolicy.acceptForReceiving("audio",
                List.of(new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=0;usedtx=1", List.of())));
        assertEquals("minptime=10;usedtx=1;useinbandfec=1", plain.get(0).fmtp());
        List<RtpCodec> bare = CodecPolicy.acceptForReceiving("audio", List.of(new RtpCodec(111, "opus", 48000, 2, "", List.of())));
        assertEquals("useinbandfec=1", bare.get(0).fmtp());
        List<RtpCodec> chromium = CodecPolicy.acceptForReceiving("audio", this.chromium.sections().get(0).codecs());
        assertEquals("minptime=10;useinbandfec=1", chromium.get(0).fmtp(), "already asked for: unchanged");
    }
}
