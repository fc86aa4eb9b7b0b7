package org.parley.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.parley.api.signalling.Candidate;
import org.parley.api.signalling.Message;

/** The cluster's messages on the wire: the design notes' shape, readable in redis-cli. */
class EnvelopeCodecTest {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void aCandidateTravelsAsReadableJsonWithItsMessageNested() throws Exception {
        String candidate = codec.encodeMessage(new Candidate("candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0));
        Envelope envelope = new Envelope("candidate", "p-1", "room-1", "node-a", candidate);

        String text = codec.encode(envelope);

        assertEquals("{\"type\":\"candidate\",\"clientID\":\"p-1\",\"roomID\":\"room-1\",\"nodeID\":\"node-a\","
                + "\"payload\":" + candidate + "}", text);
        Envelope back = codec.decode(text);
        assertEquals(envelope.type(), back.type());
        Message.FromClient message = codec.decodeFromClient(back.payload());
        assertEquals(new Candidate("candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0), message);
    }

    @Test
    void anEnvelopeWithoutPayloadHasNone() {
        Envelope open = new Envelope("open", "p-1", "room-1", "node-a", null);
        assertEquals(open, codec.decode(codec.encode(open)));
    }

    @Test
    void textThatIsNoEnvelopeIsRefusedClearly() {
        assertThrows(IllegalArgumentException.class, () -> codec.decode("hello"));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("{\"type\":\"open\"}"));
    }
}
