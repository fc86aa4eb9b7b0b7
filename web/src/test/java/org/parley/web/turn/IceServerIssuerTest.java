package org.parley.web.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.IceServer;

/** What a participant is given: STUN URLs without credentials, TURN URLs with credentials of their own. */
class IceServerIssuerTest {

    @Test
    void stunAndTurnComeAsTwoEntriesInTheConfiguredOrderOfEachKind() {
        IceServerIssuer issuer = issuer(" turn:t.example.com:3478?transport=udp, stun:s1.example.com,"
                + "turns:t.example.com:5349?transport=tcp ,stun:s2.example.com:19302,", Optional.of("secret"));

        List<IceServer> servers = issuer.issueFor("p1");

        assertEquals(2, servers.size());
        assertEquals(IceServer.stun(List.of("stun:s1.example.com", "stun:s2.example.com:19302")), servers.get(0));
        assertEquals(List.of("turn:t.example.com:3478?transport=udp", "turns:t.example.com:5349?transport=tcp"),
                servers.get(1).urls());
        assertNotNull(servers.get(1).username());
        assertNotNull(servers.get(1).credential());
    }

    @Test
    void onlyStunNeedsNoSecret() {
        List<IceServer> servers = issuer("stun:s.example.com", Optional.empty()).issueFor("p1");

        assertEquals(1, servers.size());
        assertNull(servers.get(0).username());
        assertNull(servers.get(0).credential());
    }

    @Test
    void nothingConfiguredGivesNoServers() {
        assertEquals(List.of(), new IceServerIssuer(Optional.empty(), Optional.empty(), "PT12H").issueFor("p1"));
        assertEquals(List.of(), issuer(" , ", Optional.of("unused")).issueFor("p1"));
    }

    @Test
    void eachParticipantHasCredentialsOfTheirOwn() {
        IceServerIssuer issuer = issuer("turn:t.example.com", Optional.of("secret"));

        IceServer ada = issuer.issueFor("ada").get(0);
        IceServer bo = issuer.issueFor("bo").get(0);

        assertEquals(ada.username().replace(":ada", ":bo"), bo.username());
        assertEquals(false, ada.credential().equals(bo.credential()));
    }

    private static IceServerIssuer issuer(String urls, Optional<String> secret) {
        return new IceServerIssuer(TurnSettings.from(Optional.of(urls), secret, "43200"), Clock.systemUTC());
    }
}
