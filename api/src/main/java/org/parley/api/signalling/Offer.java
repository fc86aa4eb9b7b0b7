package org.parley.api.signalling;

import jakarta.json.bind.annotation.JsonbCreator;

/**
 * Either direction: an SDP offer. The browser sends the first; the server sends later ones (renegotiation).
 *
 * @param screenMid in the browser's offer, the mid of the video section that carries its screen when it shares it
 *                  (sending nothing until then); null when it has none. Absent from the server's offers.
 */
public record Offer(String sdp, String screenMid) implements Message, Message.FromClient {

    /** The one JSON-B builds from (a record with two constructors must say which); screenMid may be absent. */
    @JsonbCreator
    public Offer {
    }

    public Offer(String sdp) {
        this(sdp, null);
    }
}
