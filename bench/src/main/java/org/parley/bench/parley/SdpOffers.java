package org.parley.bench.parley;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.bench.peer.Peer;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.tck.peer.BrowserAnswer;

/**
 * The SDP a browser would send: a first offer with Opus and VP8 (+RTX) sections, sendonly for a publisher or
 * recvonly for a pure subscriber, and answers to the server's later offers (directions mirrored, a=setup:active).
 */
public final class SdpOffers {

    private SdpOffers() {}

    public static String offer(Peer peer, boolean publish, int audioSsrc, int videoSsrc, int rtxSsrc) {
        return offer(peer, publish, audioSsrc, videoSsrc, rtxSsrc, "actpass");
    }

    /** Janus answers actpass with active (it would be the DTLS client): its publishers offer setup:active. */
    public static String offer(Peer peer, boolean publish, int audioSsrc, int videoSsrc, int rtxSsrc, String setup) {
        String ip = peer.localAddress().getAddress().getHostAddress();
        int port = peer.localAddress().getPort();
        String stream = "bench-" + peer.index();
        String direction = publish ? "sendonly" : "recvonly";
        StringBuilder s = new StringBuilder();
        line(s, "v=0");
        line(s, "o=- " + (1_000_000L + peer.index()) + " 2 IN IP4 127.0.0.1");
        line(s, "s=-");
        line(s, "t=0 0");
        line(s, "a=group:BUNDLE 0 1");
        line(s, "a=extmap-allow-mixed");
        line(s, "a=msid-semantic: WMS " + stream);
        transport(s, peer, "audio", port, "111", ip, true, setup);
        line(s, "a=mid:0");
        line(s, "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid");
        line(s, "a=" + direction);
        if (publish) {
            line(s, "a=msid:" + stream + " audio-" + peer.index());
        }
        line(s, "a=rtcp-mux");
        line(s, "a=rtcp-rsize");
        line(s, "a=rtpmap:111 opus/48000/2");
        line(s, "a=rtcp-fb:111 transport-cc");
        line(s, "a=fmtp:111 minptime=10;useinbandfec=1");
        if (publish) {
            ssrc(s, audioSsrc, stream, "audio-" + peer.index());
        }
        transport(s, peer, "video", 9, "96 97", "0.0.0.0", false, setup);
        line(s, "a=mid:1");
        line(s, "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid");
        line(s, "a=" + direction);
        if (publish) {
            line(s, "a=msid:" + stream + " video-" + peer.index());
        }
        line(s, "a=rtcp-mux");
        line(s, "a=rtcp-rsize");
        line(s, "a=rtpmap:96 VP8/90000");
        for (String fb : List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")) {
            line(s, "a=rtcp-fb:96 " + fb);
        }
        line(s, "a=rtpmap:97 rtx/90000");
        line(s, "a=fmtp:97 apt=96");
        if (publish) {
            line(s, "a=ssrc-group:FID " + Integer.toUnsignedString(videoSsrc) + " " + Integer.toUnsignedString(rtxSsrc));
            ssrc(s, videoSsrc, stream, "video-" + peer.index());
            ssrc(s, rtxSsrc, stream, "video-" + peer.index());
        }
        return s.toString();
    }

    private static void transport(StringBuilder s, Peer peer, String kind, int port, String formats, String ip,
            boolean candidate, String setup) {
        line(s, "m=" + kind + " " + port + " UDP/TLS/RTP/SAVPF " + formats);
        line(s, "c=IN IP4 " + ip);
        line(s, "a=rtcp:9 IN IP4 0.0.0.0");
        if (candidate) {
            line(s, "a=candidate:1 1 udp 2122260223 " + ip + " " + port + " typ host generation 0");
        }
        line(s, "a=ice-ufrag:" + peer.localUfrag());
        line(s, "a=ice-pwd:" + peer.localPassword());
        line(s, "a=ice-options:trickle");
        line(s, "a=fingerprint:" + peer.fingerprint().algorithm() + " " + peer.fingerprint().value());
        line(s, "a=setup:" + setup);
    }

    private static void ssrc(StringBuilder s, int ssrc, String stream, String track) {
        String id = Integer.toUnsignedString(ssrc);
        line(s, "a=ssrc:" + id + " cname:" + stream);
        line(s, "a=ssrc:" + id + " msid:" + stream + " " + track);
    }

    /** The answer to a server offer: its sections, mirrored, with our transport parameters. */
    public static String answer(String offer, Peer peer) {
        return answer(offer, peer, false);
    }

    /** With {@code withCandidate}, our host candidate goes into the first section (Janus does not wait for trickle). */
    public static String answer(String offer, Peer peer, boolean withCandidate) {
        String candidate = withCandidate ? "a=candidate:1 1 udp 2122260223 "
                + peer.localAddress().getAddress().getHostAddress() + " " + peer.localAddress().getPort()
                + " typ host generation 0" : null;
        return BrowserAnswer.mirror(offer, new IceParameters(peer.localUfrag(), peer.localPassword()),
                peer.fingerprint(), candidate);
    }

    /** The server's transport from its SDP. */
    public record ServerTransport(String ufrag, String password, String fingerprintAlgorithm, String fingerprint,
                           List<String[]> udpCandidates, boolean iceLite) {
        /** The port of the server's UDP host candidate on {@code ip}. */
        public Optional<Integer> portOn(String ip) {
            return udpCandidates.stream().filter(c -> c[0].equals(ip)).map(c -> Integer.parseInt(c[1])).findFirst();
        }
    }

    public static ServerTransport serverTransport(String sdp) {
        String ufrag = null;
        String pwd = null;
        String[] fingerprint = null;
        List<String[]> candidates = new ArrayList<>();
        boolean iceLite = false;
        for (String raw : sdp.split("\r?\n")) {
            String l = raw.trim();
            iceLite |= l.equals("a=ice-lite");
            if (l.startsWith("a=ice-ufrag:") && ufrag == null) {
                ufrag = l.substring(12);
            } else if (l.startsWith("a=ice-pwd:") && pwd == null) {
                pwd = l.substring(10);
            } else if (l.startsWith("a=fingerprint:") && fingerprint == null) {
                fingerprint = l.substring(14).split(" ");
            } else if (l.startsWith("a=candidate:")) {
                String[] f = l.substring(12).split(" ");
                if (f.length >= 6 && f[2].equalsIgnoreCase("udp")) {
                    candidates.add(new String[] {f[4], f[5]});
                }
            }
        }
        if (ufrag == null || pwd == null || fingerprint == null || fingerprint.length != 2) {
            throw new IllegalArgumentException("server SDP lacks ICE or DTLS parameters");
        }
        return new ServerTransport(ufrag, pwd, fingerprint[0], fingerprint[1], candidates, iceLite);
    }

    private static void line(StringBuilder s, String line) {
        s.append(line).append("\r\n");
    }
}
