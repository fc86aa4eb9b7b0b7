package org.parley.api.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        if (writable((Message) message)) {
            assertEquals(message, CODEC.decodeFromClient(CODEC.encode((Message) message)), "written again, read again");
        }
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
        if (writable(message)) {
            assertEquals(message, CODEC.decode(CODEC.encode(message)), "written again, read again");
        }
    }

    /**
     * Whether JSON can write the message: a loss beyond double's range reads as infinite, which it cannot
     * (ConnectionReports refuses such a report).
     */
    private static boolean writable(Message message) {
        return !(message instanceof ConnectionReport report) || Double.isFinite(report.lossPercent());
    }

    private static void assertRefusedClearly(ProtocolException refused) {
        assertTrue(DECODING_ERRORS.contains(refused.code()), refused.code() + ": " + refused.getMessage());
        assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank(), "the refusal says why");
    }
}
