package org.parley.web.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertEquals(produced.get(0).rtcpFeedback(), forFirefox.get(0).rtcpFeedback());
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
                "offered H.264 only (Chromium sends VP8 first: no codec choice per room yet)");
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
}
