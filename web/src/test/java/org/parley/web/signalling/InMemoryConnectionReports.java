package org.parley.web.signalling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.web.connection.ConnectionReportStore;
import org.parley.web.connection.ConnectionReports;
import org.parley.web.connection.ReportedConnection;

/** Connection reports kept in memory, for signalling tests without Redis. */
final class InMemoryConnectionReports implements ConnectionReportStore {

    private final Map<String, Map<String, ReportedConnection>> byRoom = new ConcurrentHashMap<>();

    static ConnectionReports reports() {
        return new ConnectionReports(new InMemoryConnectionReports());
    }

    @Override
    public void save(String roomId, String participantId, ReportedConnection report) {
        byRoom.computeIfAbsent(roomId, id -> new ConcurrentHashMap<>()).put(participantId, report);
    }

    @Override
    public Map<String, ReportedConnection> reports(String roomId) {
        return Map.copyOf(byRoom.getOrDefault(roomId, Map.of()));
    }
}
