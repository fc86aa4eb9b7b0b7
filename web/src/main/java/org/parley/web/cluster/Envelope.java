package org.parley.web.cluster;

/**
 * One message between signalling and media nodes, shaped as in the original design notes:
 * {@code {"type","clientID","roomID","nodeID","payload"}}.
 *
 * @param type     requests: open, offer, answer, candidate, restartIce, mute, close;
 *                 replies: answer, offer, candidate, error, media, done
 * @param clientID the participant id
 * @param nodeID   the sender: a request's signalling node (where replies go), or a reply's media node
 * @param payload  JSON text (a signalling message, or a small object for mute and media); null when there is none
 */
public record Envelope(String type, String clientID, String roomID, String nodeID, String payload) {

    static final String OPEN = "open";
    static final String MUTE = "mute";
    static final String CLOSE = "close";
    static final String MEDIA = "media";
    static final String DONE = "done";
}
