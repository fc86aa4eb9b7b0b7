package org.parley.web.media;

import java.util.List;
import org.parley.media.spi.Consumer;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpHeaderExtension;

/** The server's side of one m-section in a participant's session. Mids and order never change once negotiated. */
final class LocalSection {

    enum Role {
        /** The participant publishes here; the server receives. */
        RECEIVE,
        /** The server sends another participant's track here. */
        SEND,
        /** Negotiated but unused: a slot a later consumer of the same kind may take. */
        FREE,
        /** Refused (port 0): data channels, unusable codecs. */
        REJECTED
    }

    final String mid;
    final String kind;
    final String protocol;
    final List<String> rejectedFormats;
    Role role;
    List<RtpCodec> codecs = List.of();
    List<RtpHeaderExtension> extensions = List.of();
    /** Reduced-size RTCP (RFC 5506): answered only where the browser offered it; always offered. */
    boolean reducedSizeRtcp = true;
    /** The simulcast layers the server receives here ({@code a=rid:… recv}), lowest first; empty without simulcast. */
    List<String> receiveRids = List.of();
    Consumer consumer;

    LocalSection(String mid, String kind, String protocol, List<String> rejectedFormats, Role role) {
        this.mid = mid;
        this.kind = kind;
        this.protocol = protocol;
        this.rejectedFormats = rejectedFormats;
        this.role = role;
    }

    String direction() {
        return switch (role) {
            case RECEIVE -> "recvonly";
            case SEND -> "sendonly";
            case FREE, REJECTED -> "inactive";
        };
    }
}
