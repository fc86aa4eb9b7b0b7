package org.parley.cluster;

import java.util.ArrayList;
import java.util.List;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.tck.peer.BrowserAnswer;
import org.parley.media.spi.tck.peer.TestPeer;

/**
 * SDP as a browser page writes it for a {@link TestPeer}: a first offer publishing Opus (and a VP8 section, as the
 * meeting page has a camera), and answers to the server's offers (directions mirrored, a=setup:active).
 */
final class BrowserSdp {

    /** The server's transport, read from its SDP. */
    record ServerTransport(IceParameters ice, DtlsFingerprint fingerprint, List<IceCandidate> candidates) {}

    private BrowserSdp() {}

    static String offer(TestPeer peer, String stream, long audioSsrc, long videoSsrc) {
        StringBuilder s = new StringBuilder();
        line(s, "v=0");
        line(s, "o=- " + Math.abs(stream.hashCode()) + " 2 IN IP4 127.0.0.1");
        line(s, "s=-");
        line(s, "t=0 0");
        line(s, "a=group:BUNDLE 0 1");
        line(s, "a=msid-semantic: WMS " + stream);
        transport(s, peer, "audio", "111", true);
        line(s, "a=mid:0");
        line(s, "a=sendonly");
        line(s, "a=msid:" + stream + " " + stream + "-audio");
        line(s, "a=rtcp-mux");
        line(s, "a=rtpmap:111 opus/48000/2");
        line(s, "a=fmtp:111 minptime=10;useinbandfec=1");
        line(s, "a=ssrc:" + audioSsrc + " cname:" + stream);
        line(s, "a=ssrc:" + audioSsrc + " msid:" + stream + " " + stream + "-audio");
        transport(s, peer, "video", "96", false);
        line(s, "a=mid:1");
        line(s, "a=sendonly");
        line(s, "a=msid:" + stream + " " + stream + "-video");
        line(s, "a=rtcp-mux");
        line(s, "a=rtpmap:96 VP8/90000");
        line(s, "a=rtcp-fb:96 nack");
        line(s, "a=rtcp-fb:96 nack pli");
        line(s, "a=ssrc:" + videoSsrc + " cname:" + stream);
        line(s, "a=ssrc:" + videoSsrc + " msid:" + stream + " " + stream + "-video");
        return s.toString();
    }

    private static void transport(StringBuilder s, TestPeer peer, String kind, String formats, boolean candidates) {
        line(s, "m=" + kind + " 9 UDP/TLS/RTP/SAVPF " + formats);
        line(s, "c=IN IP4 0.0.0.0");
        line(s, "a=rtcp:9 IN IP4 0.0.0.0");
        if (candidates) {
            for (IceCandidate c : peer.candidates()) {
                line(s, "a=candidate:" + c.foundation() + " 1 udp " + c.priority() + " " + c.address() + " " + c.port()
                        + " typ " + c.type());
            }
        }
        line(s, "a=ice-ufrag:" + peer.iceParameters().usernameFragment());
        line(s, "a=ice-pwd:" + peer.iceParameters().password());
        line(s, "a=ice-options:trickle");
        line(s, "a=fingerprint:" + peer.fingerprint().algorithm() + " " + peer.fingerprint().value());
        line(s, "a=setup:actpass");
    }

    /** The answer to a server offer: its sections, directions mirrored, with the peer's transport. */
    static String answer(String offer, TestPeer peer) {
        return BrowserAnswer.mirror(offer, peer.iceParameters(), peer.fingerprint(), null);
    }

    static ServerTransport serverTransport(String sdp) {
        String ufrag = null;
        String pwd = null;
        DtlsFingerprint fingerprint = null;
        List<IceCandidate> candidates = new ArrayList<>();
        for (String raw : sdp.split("\r?\n")) {
            String l = raw.trim();
            if (l.startsWith("a=ice-ufrag:") && ufrag == null) {
                ufrag = l.substring("a=ice-ufrag:".length());
            } else if (l.startsWith("a=ice-pwd:") && pwd == null) {
                pwd = l.substring("a=ice-pwd:".length());
            } else if (l.startsWith("a=fingerprint:") && fingerprint == null) {
                String[] f = l.substring("a=fingerprint:".length()).split(" ");
                fingerprint = new DtlsFingerprint(f[0], f[1]);
            } else if (l.startsWith("a=candidate:")) {
                String[] f = l.substring("a=candidate:".length()).split(" ");
                if (f.length >= 8 && f[2].equalsIgnoreCase("udp")) {
                    candidates.add(new IceCandidate(f[0], Long.parseLong(f[3]), "udp", f[4], Integer.parseInt(f[5]), f[7]));
                }
            }
        }
        if (ufrag == null || pwd == null || fingerprint == null) {
            throw new IllegalArgumentException("The server's SDP lacks ICE or DTLS parameters:\n" + sdp);
        }
        return new ServerTransport(new IceParameters(ufrag, pwd), fingerprint, candidates);
    }

    private static void line(StringBuilder s, String line) {
        s.append(line).append("\r\n");
    }
}
