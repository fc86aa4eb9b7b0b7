package org.parley.api.signalling;

/**
 * Client → server: how this participant's media connection is doing, from the browser's own stats; sent every few
 * seconds and at once when its diagnosis changes. The server keeps the latest for the host and operators
 * ({@code GET /api/rooms/{id}/connections}).
 *
 * @param path        how media flows: {@code UDP}, {@code TCP} (ICE over TCP), {@code TURN-UDP}, {@code TURN-TCP},
 *                    {@code TURN-TLS}, or {@code NONE} while not connected
 * @param roundTripMs the round trip to the server on that path in ms; -1 when not known
 * @param lossPercent the share of incoming packets lost since the last report, 0-100
 * @param diagnosis   what the page told the person is wrong ({@code unreachable}, {@code udp-blocked},
 *                    {@code turn-refused}, {@code dtls-failed}, {@code no-incoming-media}, {@code no-outgoing-media}),
 *                    or null when nothing is
 */
public record ConnectionReport(String path, int roundTripMs, double lossPercent, String diagnosis)
        implements Message, Message.FromClient {
}
