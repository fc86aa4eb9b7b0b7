package org.parley.web.media;

import java.util.List;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;

/** A browser's SDP, read into what negotiation needs. */
record RemoteDescription(IceParameters ice, DtlsFingerprint fingerprint, String setup, List<RemoteSection> sections,
                         List<IceCandidate> candidates) {
}
