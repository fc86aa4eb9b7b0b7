package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sockets per address: the limit holds, closing frees a place, and an address with none open is forgotten. */
class SocketsPerAddressTest {

    private final SocketsPerAddress sockets = new SocketsPerAddress(3);

    @Test
    void anAddressAtItsLimitIsTurnedAwayUntilOneOfItsSocketsCloses() {
        for (int i = 0; i < 3; i++) {
            assertTrue(sockets.admit("10.0.0.1"));
        }
        assertFalse(sockets.admit("10.0.0.1"));
        assertTrue(sockets.admit("10.0.0.2"), "another address has its own places");
        sockets.release("10.0.0.1");
        assertTrue(sockets.admit("10.0.0.1"));
        for (int i = 0; i < 3; i++) {
            sockets.release("10.0.0.1");
        }
        assertEquals(0, sockets.openFrom("10.0.0.1"), "forgotten once none is open");
    }
}
