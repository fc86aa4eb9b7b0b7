package org.parley.web.invite;

import java.util.List;
import java.util.Optional;

/** Where issued host credentials are kept (hashed); shared by every Parley process, read on every use. */
public interface HostCredentialStore {

    void save(StoredCredential credential);

    Optional<StoredCredential> find(String id);

    /** False when there was no such credential. */
    boolean remove(String id);

    List<StoredCredential> all();
}
