package org.parley.media.spi.tck.peer;

import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceParameters;

/**
 * Answers an SFU's SDP offer the way a browser does: the same sections in the same order, directions mirrored, the
 * client's own ICE credentials and fingerprint, DTLS client ({@code a=setup:active}), no SSRCs of its own.
 */
public final class BrowserAnswer {

    private BrowserAnswer() {
    }

    /**
     * @param candidateLine a full {@code a=candidate:...} line to put in the first section (for servers that do not
     *                      wait for trickle), or null for none
     */
    public static String mirror(String offer, IceParameters ice, DtlsFingerprint fingerprint, String candidateLine) {
        boolean candidateWritten = candidateLine == null;
        StringBuilder answer = new StringBuilder();
        for (String raw : offer.split("\r?\n")) {
            String l = raw.trim();
            if (l.isEmpty() || l.startsWith("a=candidate") || l.startsWith("a=end-of-candidates")
                    || l.startsWith("a=ssrc") || l.startsWith("a=msid:") || l.equals("a=ice-lite")) {
                continue;
            }
            if (l.startsWith("a=ice-ufrag:")) {
                l = "a=ice-ufrag:" + ice.usernameFragment();
            } else if (l.startsWith("a=ice-pwd:")) {
                l = "a=ice-pwd:" + ice.password();
            } else if (l.startsWith("a=fingerprint:")) {
                l = "a=fingerprint:" + fingerprint.algorithm() + " " + fingerprint.value();
            } else if (l.startsWith("a=setup:")) {
                l = "a=setup:active";
            } else if (l.equals("a=sendonly")) {
                l = "a=recvonly";
            } else if (l.equals("a=recvonly")) {
                l = "a=sendonly";
            }
            answer.append(l).append("\r\n");
            if (!candidateWritten && l.startsWith("a=ice-pwd:")) {
                answer.append(candidateLine).append("\r\n").append("a=end-of-candidates\r\n");
                candidateWritten = true;
            }
        }
        return answer.toString();
    }
}
