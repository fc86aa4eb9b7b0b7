package org.parley.web.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.web.invite.HostCredentialStore;
import org.parley.web.invite.StoredCredential;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;

/**
 * Host credentials in the hash {@code parley:host-credentials}: credential id → {"hash","salt","label","createdAt"}.
 * Never the secret.
 */
@ApplicationScoped
public class RedisHostCredentialStore implements HostCredentialStore {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    static final String KEY = "parley:host-credentials";

    private final RedissonClient redis;

    protected RedisHostCredentialStore() {
        this.redis = null; // for CDI proxies only
    }

    @Inject
    public RedisHostCredentialStore(RedissonClient redis) {
        this.redis = redis;
    }

    @Override
    public void save(StoredCredential credential) {
        String json = JSON.createObjectBuilder()
                .add("hash", credential.hash())
                .add("salt", credential.salt())
                .add("label", credential.label())
                .add("createdAt", credential.createdAt().toString())
                .build().toString();
        StoreCalls.run(() -> map().fastPut(credential.id(), json));
    }

    @Override
    public Optional<StoredCredential> find(String id) {
        return Optional.ofNullable(StoreCalls.call(() -> map().get(id))).map(json -> read(id, json));
    }

    @Override
    public boolean remove(String id) {
        return StoreCalls.call(() -> map().fastRemove(id)) > 0;
    }

    @Override
    public List<StoredCredential> all() {
        List<StoredCredential> all = new ArrayList<>();
        StoreCalls.call(() -> map().readAllMap()).forEach((id, json) -> all.add(read(id, json)));
        return all;
    }

    private RMap<String, String> map() {
        return redis.getMap(KEY);
    }

    private static StoredCredential read(String id, String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            return new StoredCredential(id, object.getString("label", ""),
                    Instant.parse(object.getString("createdAt", Instant.EPOCH.toString())),
                    object.getString("salt"), object.getString("hash"));
        }
    }
}
