package org.parley.web.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real SDPs captured from browsers, for tests. */
public final class SdpFixtures {

    private SdpFixtures() {
    }

    /** An offer from Chromium 156: sendonly Opus microphone and camera, max-bundle. */
    public static String chromiumOffer() {
        return read("/sdp/chromium-156-offer.sdp");
    }

    /**
     * An offer from Firefox ESR 153 (the meeting page's transceivers, max-bundle): Opus 109, VP8 120 with RTX 124,
     * the video section at port 0 with a=bundle-only, msids in braces, a=extmap-allow-mixed, no rtcp-rsize for audio.
     */
    public static String firefoxOffer() {
        return read("/sdp/firefox-153-offer.sdp");
    }

    /**
     * Offers from libwebrtc itself (webrtc-java 0.14.0, the native-peer module: sendonly microphone and a custom
     * camera, max-bundle), with VP8 first or with H.264 only (as older iPhones take), recorded with
     * {@code NativePeer --offer}.
     */
    public static String libwebrtcOffer(boolean h264Only) {
        return read(h264Only ? "/sdp/libwebrtc-h264-offer.sdp" : "/sdp/libwebrtc-vp8-offer.sdp");
    }

    /**
     * Safari's offers, from public recordings (see {@code sdp/SOURCES.md}): sendrecv with balanced bundle and
     * SSRC-level msids; Safari 16.6 receive-only; iOS with its transport lines redacted to "-".
     */
    public static String safariOffer() {
        return read("/sdp/safari-offer.sdp");
    }

    public static String safariReceiveOnlyOffer() {
        return read("/sdp/safari-16.6-recvonly-offer.sdp");
    }

    public static String safariIosRedactedOffer() {
        return read("/sdp/safari-ios-redacted-offer.sdp");
    }

    private static String read(String resource) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
