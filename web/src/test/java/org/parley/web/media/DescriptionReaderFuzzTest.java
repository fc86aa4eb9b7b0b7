package org.parley.web.media;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ProtocolException;

/**
 * A browser's offer or answer read into what negotiation needs: whatever the SDP, it is read within the limits, or
 * refused with INVALID_SDP, UNSUPPORTED_FINGERPRINT or TOO_MANY_STREAMS and a message naming the problem, never
 * another exception.
 */
class DescriptionReaderFuzzTest {

    private static final Set<ErrorCode> REFUSALS = Set.of(ErrorCode.INVALID_SDP, ErrorCode.UNSUPPORTED_FINGERPRINT,
            ErrorCode.TOO_MANY_STREAMS);

    @FuzzTest
    void read(byte[] input) {
        RemoteDescription description;
        try {
            description = DescriptionReader.read(new String(input, StandardCharsets.UTF_8));
        } catch (ProtocolException refused) {
            assertTrue(REFUSALS.contains(refused.code()), refused.code() + ": " + refused.getMessage());
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "the refusal says why");
            return;
        }
        assertFalse(description.sections().isEmpty());
        assertTrue(description.fingerprint().hasAcceptedAlgorithm());
        for (RemoteSection section : description.sections()) {
            assertTrue(section.encodings().size() <= DescriptionReader.MAX_SSRCS_PER_SECTION);
            assertTrue(section.sendRids().size() <= DescriptionReader.MAX_LAYERS);
        }
    }
}
