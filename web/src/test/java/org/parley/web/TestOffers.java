package org.parley.web;

/** SDP offers shaped like a browser's, for cases the server must refuse. */
final class TestOffers {

    private static final String FINGERPRINT = "sha-256 "
            + "3A:1F:9C:44:0B:7E:D2:58:61:AA:03:C9:5D:E7:12:8B:F0:46:2C:99:B1:70:0E:DD:35:6A:84:1B:C2:57:9F:E3";

    private TestOffers() {}

    /** Well-formed, but only PCMU audio and H.261 video: nothing Parley forwards. */
    static String pcmuAndH261() {
        return String.join("\r\n",
                "v=0",
                "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=group:BUNDLE 0 1",
                "a=msid-semantic: WMS stream",
                "m=audio 9 UDP/TLS/RTP/SAVPF 0",
                "c=IN IP4 0.0.0.0",
                "a=rtcp:9 IN IP4 0.0.0.0",
                "a=ice-ufrag:Zx9q",
                "a=ice-pwd:4bB9sT2uVw1xYz0aBcDeFgHi",
                "a=ice-options:trickle",
                "a=fingerprint:" + FINGERPRINT,
                "a=setup:actpass",
                "a=mid:0",
                "a=sendonly",
                "a=msid:stream audio-track",
                "a=rtcp-mux",
                "a=rtpmap:0 PCMU/8000",
                "a=ssrc:1111 cname:it",
                "a=ssrc:1111 msid:stream audio-track",
                "m=video 9 UDP/TLS/RTP/SAVPF 31",
                "c=IN IP4 0.0.0.0",
                "a=rtcp:9 IN IP4 0.0.0.0",
                "a=ice-ufrag:Zx9q",
                "a=ice-pwd:4bB9sT2uVw1xYz0aBcDeFgHi",
                "a=ice-options:trickle",
                "a=fingerprint:" + FINGERPRINT,
                "a=setup:actpass",
                "a=mid:1",
                "a=sendonly",
                "a=msid:stream video-track",
                "a=rtcp-mux",
                "a=rtpmap:31 H261/90000",
                "a=ssrc:2222 cname:it",
                "a=ssrc:2222 msid:stream video-track",
                "");
    }
}
