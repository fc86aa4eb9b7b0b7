package org.parley.web.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * SDP text from a browser, or from anyone posing as one: it parses, or is refused with an {@link SdpParseException}
 * that names the problem, never another exception; and what parses, written out again, parses the same.
 */
class SdpParserFuzzTest {

    @FuzzTest
    void parse(byte[] input) throws SdpParseException {
        SessionDescription parsed;
        try {
            parsed = SdpParser.parse(new String(input, StandardCharsets.UTF_8));
        } catch (SdpParseException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "the refusal says why");
            return;
        }
        assertEquals(parsed, SdpParser.parse(SdpWriter.write(parsed)), "written again, parsed again");
    }
}
