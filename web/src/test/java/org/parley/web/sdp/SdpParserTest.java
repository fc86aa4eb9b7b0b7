package org.parley.web.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpParserTest {

    @Test
    void readsARealChromiumOffer() throws Exception {
        SessionDescription sdp = SdpParser.parse(SdpFixtures.chromiumOffer());
        assertEquals(2, sdp.media().size());
        assertEquals("BUNDLE 0 1", sdp.attribute("group").orElseThrow());
        MediaDescription video = sdp.media().get(1);
        assertEquals("video", video.kind());
        assertEquals("UDP/TLS/RTP/SAVPF", video.protocol());
        assertEquals("1", video.mid().orElseThrow());
        assertTrue(video.hasFlag("sendonly"));
        assertTrue(video.attributes("rtpmap").contains("96 VP8/90000"));
    }

    @Test
    void writtenSdpReadsBackTheSame() throws Exception {
        SessionDescription original = new SessionDescription("42", 3, List.of(new Attribute("group", "BUNDLE 0")),
                List.of(new MediaDescription("audio", 9, "UDP/TLS/RTP/SAVPF", List.of("111"),
                        List.of(new Attribute("mid", "0"), Attribute.flag("rtcp-mux"), new Attribute("rtpmap", "111 opus/48000/2")))));
        String text = SdpWriter.write(original);
        assertTrue(text.endsWith("\r\n"));
        assertEquals(original, SdpParser.parse(text));
    }

    @Test
    void rejectsWhatIsNotSdpWithTheReason() {
        assertEquals("The SDP is empty.", assertThrows(SdpParseException.class, () -> SdpParser.parse("")).getMessage());
        assertTrue(assertThrows(SdpParseException.class, () -> SdpParser.parse("hello")).getMessage().contains("v=0"));
        assertTrue(assertThrows(SdpParseException.class, () -> SdpParser.parse("v=0\r\nthis is not sdp"))
                .getMessage().contains("Line 2"));
        assertTrue(assertThrows(SdpParseException.class, () -> SdpParser.parse("v=0\r\no=- 1 2 IN IP4 1.2.3.4\r\nm=audio x RTP 0"))
                .getMessage().contains("not a number"));
        assertTrue(assertThrows(SdpParseException.class, () -> SdpParser.parse("v=0\r\no=- 1 2 IN IP4 1.2.3.4\r\nm=audio 4294967305 RTP 0"))
                .getMessage().contains("port out of range"), "not port 9, as the lower 32 bits would say");
        assertTrue(assertThrows(SdpParseException.class, () -> SdpParser.parse("v=0\r\ns=-\r\n"))
                .getMessage().contains("origin"));
    }

    @Test
    void boundsTheNumberOfMediaSections() {
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n");
        for (int i = 0; i < 300; i++) {
            sdp.append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n");
        }
        assertTrue(assertThrows(SdpParseException.class, () -> SdpParser.parse(sdp.toString())).getMessage().contains("256"));
    }
}
