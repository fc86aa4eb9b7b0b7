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
        try (InputStream in = SdpFixtures.class.getResourceAsStream("/sdp/chromium-156-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
