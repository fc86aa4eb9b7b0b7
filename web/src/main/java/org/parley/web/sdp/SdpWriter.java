package org.parley.web.sdp;

/** Writes SDP text with CRLF line ends, as browsers expect. */
public final class SdpWriter {

    private SdpWriter() {
    }

    public static String write(SessionDescription description) {
        StringBuilder sdp = new StringBuilder(2048);
        line(sdp, "v=0");
        line(sdp, "o=- " + description.sessionId() + " " + description.version() + " IN IP4 127.0.0.1");
        line(sdp, "s=-");
        line(sdp, "t=0 0");
        description.attributes().forEach(a -> line(sdp, a.toLine()));
        for (MediaDescription m : description.media()) {
            line(sdp, "m=" + m.kind() + " " + m.port() + " " + m.protocol() + " " + String.join(" ", m.formats()));
            line(sdp, "c=IN IP4 0.0.0.0");
            m.attributes().forEach(a -> line(sdp, a.toLine()));
        }
        return sdp.toString();
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append("\r\n");
    }
}
