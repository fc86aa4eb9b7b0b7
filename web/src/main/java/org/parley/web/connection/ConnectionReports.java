package org.parley.web.connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.parley.api.signalling.ConnectionReport;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ProtocolException;

/**
 * Takes the participants' connection reports (checked: they come from browsers, and end up in front of operators)
 * and hands them to the host and operators.
 */
@ApplicationScoped
public class ConnectionReports {

    static final Set<String> PATHS = Set.of("UDP", "TCP", "TURN-UDP", "TURN-TCP", "TURN-TLS", "NONE");
    static final Set<String> DIAGNOSES = Set.of("unreachable", "udp-blocked", "turn-refused", "dtls-failed",
            "no-incoming-media", "no-outgoing-media");
    private static final int MAX_ROUND_TRIP_MS = 60_000;

    private final ConnectionReportStore store;
    private final Clock clock;

    protected ConnectionReports() {
        this.store = null; // for CDI proxies only
        this.clock = null;
    }

    @Inject
    public ConnectionReports(ConnectionReportStore store) {
        this(store, Clock.systemUTC());
    }

    public ConnectionReports(ConnectionReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** @throws ProtocolException naming the first field out of bounds; nothing is stored then */
    public void record(String roomId, String participantId, ConnectionReport report) throws ProtocolException {
        store.save(roomId, participantId, check(report));
    }

    /** participantId → latest report, for those who reported in the last while. */
    public Map<String, ReportedConnection> of(String roomId) {
        return store.reports(roomId);
    }

    private ReportedConnection check(ConnectionReport report) throws ProtocolException {
        if (report.path() == null || !PATHS.contains(report.path())) {
            throw invalid("'path' must be one of " + String.join(", ", PATHS.stream().sorted().toList()) + ", not '"
                    + report.path() + "'.");
        }
        if (report.roundTripMs() < -1 || report.roundTripMs() > MAX_ROUND_TRIP_MS) {
            throw invalid("'roundTripMs' must be -1 (unknown) to " + MAX_ROUND_TRIP_MS + ", not " + report.roundTripMs() + ".");
        }
        if (!(report.lossPercent() >= 0 && report.lossPercent() <= 100)) {
            throw invalid("'lossPercent' must be 0 to 100, not " + report.lossPercent() + ".");
        }
        if (report.diagnosis() != null && !DIAGNOSES.contains(report.diagnosis())) {
            throw invalid("'diagnosis' must be absent or one of " + String.join(", ", DIAGNOSES.stream().sorted().toList())
                    + ", not '" + report.diagnosis() + "'.");
        }
        return new ReportedConnection(report.path(), report.roundTripMs(), report.lossPercent(), report.diagnosis(),
                clock.instant());
    }

    private static ProtocolException invalid(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "connectionReport: " + message);
    }
}
