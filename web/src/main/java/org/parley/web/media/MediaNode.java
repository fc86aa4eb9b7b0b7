package org.parley.web.media;

import org.parley.api.signalling.Message;
import org.parley.api.signalling.ProtocolException;

/**
 * The media role of a Parley process: it turns a participant's SDP and candidates into media through the media SPI,
 * and renegotiates as others come and go. Signalling talks to it only through this interface, so the media role
 * can live in another process (over Redis topics) without signalling noticing.
 */
public interface MediaNode {

    /** The participant has joined {@code roomId}; {@code sink} reaches their socket. */
    void open(String roomId, String participantId, SignalSink sink);

    /**
     * An {@code offer}, {@code answer} or {@code candidate} from the participant.
     *
     * @throws ProtocolException with the code to tell the participant, e.g. INVALID_SDP or NO_USABLE_CODEC;
     *                           the participant's session and the room are unchanged
     */
    void onSignal(String roomId, String participantId, Message.FromClient message) throws ProtocolException;

    /** The participant left or their socket closed: release their media and renegotiate the others. Idempotent. */
    void close(String roomId, String participantId);
}
