package org.parley.api.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Whatever text arrives on a signalling socket becomes a message or a {@link ProtocolException} that says what is wrong
 * with it (MALFORMED_MESSAGE or UNKNOWN_MESSAGE_TYPE), never another exception; and a message read, once written
 * again, reads the same.
 */
class MessageCodecFuzzTest {

    private static final MessageCodec CODEC = new MessageCodec();
    private static final Set<ErrorCode> DECODING_ERRORS = Set.of(ErrorCode.MALFORMED_MESSAGE, ErrorCode.UNKNOWN_MESSAGE_TYPE);

    /** What a browser sends. */
    @FuzzTest
    void decodeFromClient(byte[] input) throws ProtocolException {
        Message.FromClient message;
        try {
            message = CODEC.decodeFromClient(new String(input, StandardCharsets.UTF_8));
        } catch (ProtocolException refused) {
            assertRefusedClearly(refused);
            return;
        }
        assertNotNull(message);
        if (message instanceof ConnectionReport report && !Double.isFinite(report.lossPercent())) {
            return; // a number beyond double's range reads as infinite, which JSON cannot write: ConnectionReports refuses it
        }
        assertEquals(message, CODEC.decodeFromClient(CODEC.encode((Message) message)), "written again, read again");
    }

    /** Any message (what clients and the cluster read). */
    @FuzzTest
    void decode(byte[] input) throws ProtocolException {
        Message message;
        try {
            message = CODEC.decode(new String(input, StandardCharsets.UTF_8));
        } catch (ProtocolException refused) {
            assertRefusedClearly(refused);
            return;
        }
        assertNotNull(message);
        if (message instanceof ConnectionReport report && !Double.isFinite(report.lossPercent())) {
            return; // as above
        }
        assertEquals(message, CODEC.decode(CODEC.encode(message)), "written again, read again");
    }

    private static void assertRefusedClearly(ProtocolException refused) {
        assertTrue(DECODING_ERRORS.contains(refused.code()), refused.code() + ": " + refused.getMessage());
        assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank(), "the refusal says why");
    }
}
