package org.parley.web.connection;

import java.time.Instant;

/**
 * A participant's latest connection report, as kept for the host and operators.
 *
 * @param path        UDP, TCP, TURN-UDP, TURN-TCP, TURN-TLS or NONE
 * @param roundTripMs -1 when not known
 * @param diagnosis   the page's diagnosis, or null
 */
public record ReportedConnection(String path, int roundTripMs, double lossPercent, String diagnosis,
                                 Instant reportedAt) {}
