package org.parley.web.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a request presents as its bearer credential to create rooms: it may host exactly when it is the host key or a
 * credential issued and not revoked, whatever else it is, and checking it never throws.
 */
class HostCredentialsFuzzTest {

    private static final String HOST_KEY = "operator-key-5b1f0c";
    private static final Map<String, StoredCredential> STORED = new ConcurrentHashMap<>();
    private static final HostCredentials CREDENTIALS = new HostCredentials(new HostKey(Optional.of(HOST_KEY)),
            new HostCredentialStore() {
                @Override
                public void save(StoredCredential credential) {
                    STORED.put(credential.id(), credential);
                }

                @Override
                public Optional<StoredCredential> find(String id) {
                    return Optional.ofNullable(STORED.get(id));
                }

                @Override
                public boolean remove(String id) {
                    return STORED.remove(id) != null;
                }

                @Override
                public List<StoredCredential> all() {
                    return List.copyOf(STORED.values());
                }
            }, Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));
    private static final String ISSUED = CREDENTIALS.issue("Ana").credential();
    private static final String REVOKED = CREDENTIALS.issue("Bo").credential();

    static {
        CREDENTIALS.revoke(REVOKED.substring(0, REVOKED.indexOf('.')));
    }

    @FuzzTest
    void mayHost(byte[] input) {
        String presented = new String(input, StandardCharsets.UTF_8);
        assertEquals(presented.equals(HOST_KEY) || presented.equals(ISSUED), CREDENTIALS.mayHost(presented));
        assertEquals(presented.equals(HOST_KEY), CREDENTIALS.isAdmin(presented));
    }
}
