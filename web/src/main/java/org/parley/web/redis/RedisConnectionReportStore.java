package org.parley.web.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.parley.web.connection.ConnectionReportStore;
import org.parley.web.connection.ReportedConnection;
import org.redisson.api.RBatch;
import org.redisson.api.RMapAsync;
import org.redisson.api.RedissonClient;

/**
 * Connection reports as one Redis hash per room ({@link RoomKeys#connections}), participantId → JSON. Each write gives
 * the hash {@value #TTL_MINUTES} minutes to live, so a room's reports leave Redis by themselves once nobody reports.
 */
@ApplicationScoped
public class RedisConnectionReportStore implements ConnectionReportStore {

    static final int TTL_MINUTES = 10;
    private static final Duration TTL = Duration.ofMinutes(TTL_MINUTES);
    private static final JsonProvider JSON = JsonProvider.provider();

    private final RedissonClient redis;

    protected RedisConnectionReportStore() {
        this.redis = null; // for CDI proxies only
    }

    @Inject
    public RedisConnectionReportStore(RedissonClient redis) {
        this.redis = redis;
    }

    @Override
    public void save(String roomId, String participantId, ReportedConnection report) {
        var json = JSON.createObjectBuilder().add("path", report.path()).add("roundTripMs", report.roundTripMs())
                .add("lossPercent", report.lossPercent()).add("reportedAt", report.reportedAt().toString());
        if (report.diagnosis() != null) {
            json.add("diagnosis", report.diagnosis());
        }
        RBatch batch = redis.createBatch();
        RMapAsync<String, String> map = batch.getMap(RoomKeys.connections(roomId));
        map.fastPutAsync(participantId, json.build().toString());
        map.expireAsync(TTL);
        StoreCalls.run(batch::execute);
    }

    @Override
    public Map<String, ReportedConnection> reports(String roomId) {
        Map<String, String> stored = StoreCalls.call(() -> redis.<String, String>getMap(RoomKeys.connections(roomId))
                .readAllMap());
        Map<String, ReportedConnection> reports = new HashMap<>();
        stored.forEach((participantId, text) -> {
            JsonObject json = JSON.createReader(new StringReader(text)).readObject();
            reports.put(participantId, new ReportedConnection(json.getString("path"), json.getInt("roundTripMs"),
                    json.getJsonNumber("lossPercent").doubleValue(), json.getString("diagnosis", null),
                    Instant.parse(json.getString("reportedAt"))));
        });
        return reports;
    }
}
