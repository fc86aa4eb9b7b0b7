package org.parley.web.connection;

import java.util.Map;

/** Where the participants' latest connection reports are kept, per room, for a while after the last one. */
public interface ConnectionReportStore {

    void save(String roomId, String participantId, ReportedConnection report);

    /** participantId → latest report, for those who reported lately. */
    Map<String, ReportedConnection> reports(String roomId);
}
