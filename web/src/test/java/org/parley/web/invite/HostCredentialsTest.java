package org.parley.web.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostCredentialsTest {

    private final Map<String, StoredCredential> stored = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final HostCredentials credentials = new HostCredentials(new HostKey(Optional.of("operator-key")), new HostCredentialStore() {
        @Override
        public void save(StoredCredential credential) {
            stored.put(credential.id(), credential);
        }

        @Override
        public Optional<StoredCredential> find(String id) {
            lookups.incrementAndGet();
            return Optional.ofNullable(stored.get(id));
        }

        @Override
        public boolean remove(String id) {
            return stored.remove(id) != null;
        }

        @Override
        public List<StoredCredential> all() {
            return List.copyOf(stored.values());
        }
    });

    @Test
    void anIssuedCredentialMayHostButNotManageOthers() {
        HostCredentials.Issued ana = credentials.issue("Ana (sales)");
        assertTrue(credentials.mayHost(ana.credential()));
        assertFalse(credentials.isAdmin(ana.credential()));
        assertTrue(credentials.mayHost("operator-key"));
        assertTrue(credentials.isAdmin("operator-key"));
        assertEquals("Ana (sales)", ana.label());
    }

    @Test
    void onlyASaltedHashIsStoredAndNeverShownAgain() {
        HostCredentials.Issued ana = credentials.issue("Ana");
        HostCredentials.Issued bo = credentials.issue("Bo");
        String secret = ana.credential().substring(ana.credential().indexOf('.') + 1);
        StoredCredential kept = stored.get(ana.id());
        assertFalse(kept.toString().contains(secret));
        assertFalse(kept.salt().equals(stored.get(bo.id()).salt()), "a salt per credential");
        assertEquals(java.util.Set.of(new HostCredentials.Listed(ana.id(), "Ana", ana.createdAt()),
                new HostCredentials.Listed(bo.id(), "Bo", bo.createdAt())), java.util.Set.copyOf(credentials.list()));
        assertTrue(credentials.list().stream().allMatch(listed -> !listed.toString().contains(secret)));
    }

    @Test
    void aRevokedCredentialStopsWorkingAtOnce() {
        HostCredentials.Issued ana = credentials.issue("Ana");
        HostCredentials.Issued bo = credentials.issue("Bo");
        assertTrue(credentials.revoke(ana.id()));
        assertFalse(credentials.mayHost(ana.credential()));
        assertTrue(credentials.mayHost(bo.credential()), "others keep working");
        assertFalse(credentials.revoke(ana.id()), "already revoked");
        assertEquals(List.of(bo.id()), credentials.list().stream().map(HostCredentials.Listed::id).toList());
    }

    @Test
    void forgedCredentialsAreRefusedAndOddShapesNeverReachTheStore() {
        HostCredentials.Issued ana = credentials.issue("Ana");
        String id = ana.id();
        assertFalse(credentials.mayHost(id + ".wrong-secret"));
        assertFalse(credentials.mayHost(ana.credential() + "x"));
        assertFalse(credentials.mayHost(id + "."));
        int before = lookups.get();
        for (String odd : new String[] {null, "", "no-dot-at-all", "short.secret", "x".repeat(500) + ".s", "../../etc.s"}) {
            assertFalse(credentials.mayHost(odd), String.valueOf(odd));
        }
        assertEquals(before, lookups.get());
        assertFalse(credentials.revoke("../../etc"));
        assertFalse(credentials.revoke(null));
    }

    @Test
    void labelsAreCheckedAndOptional() {
        assertEquals("", credentials.issue(null).label());
        assertEquals("Ana", credentials.issue("  Ana ").label());
        assertThrows(IllegalArgumentException.class, () -> credentials.issue("x".repeat(HostCredentials.MAX_LABEL_LENGTH + 1)));
        assertThrows(IllegalArgumentException.class, () -> credentials.issue("line\nbreak"));
        assertEquals(2, stored.size());
    }
}
