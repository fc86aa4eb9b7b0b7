package org.parley.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * What a node reads from the cluster's queues: an envelope, or an {@link IllegalArgumentException} saying it is none,
 * never another exception; and an envelope read, written again, reads the same.
 */
class EnvelopeCodecFuzzTest {

    private static final EnvelopeCodec CODEC = new EnvelopeCodec();

    @FuzzTest
    void decode(byte[] input) {
        Envelope envelope;
        try {
            envelope = CODEC.decode(new String(input, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "the refusal says why");
            return;
        }
        assertEquals(envelope, CODEC.decode(CODEC.encode(envelope)), "written again, read again");
    }
}
