package org.parley.web.signalling;

import java.time.Clock;
import org.parley.web.turn.IceServerIssuer;
import org.parley.web.turn.TurnSettings;

/** Issuers of ICE servers for signalling tests. */
final class TestIceServers {

    private TestIceServers() {}

    /** No STUN or TURN configured: every {@code joined} carries an empty list. */
    static IceServerIssuer none() {
        return new IceServerIssuer(TurnSettings.none(), Clock.systemUTC());
    }
}
