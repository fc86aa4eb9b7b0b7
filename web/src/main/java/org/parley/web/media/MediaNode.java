package org.parley.web.media;

import org.parley.api.signalling.Message;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.MediaKind;

/**
 * The media role of a Parley process: it turns a participant's SDP and candidates into media through the media SPI,
 * and renegotiates as others come and go. Signalling talks to it only through this interface, so the media role
 * can live in another process (over Redis topics) without signalling noticing.
 */
public interface MediaNode {

    /**
     * The participant has joined {@code roomId}; {@code sink} reaches their socket. For a participant already open
     * (a resumed join on a new socket) the media session is kept and only the sink is replaced. A participant
     * {@code inAudience} (a large room's audience, see docs/protocol.md) receives the others' tracks, but what they
     * send reaches nobody.
     */
    void open(String roomId, String participantId, boolean inAudience, SignalSink sink);

    /** Stops (or resumes) forwarding the participant's tracks of {@code kind}: they muted, or the host muted them. */
    void setMuted(String roomId, String participantId, MediaKind kind, boolean muted);

    /**
     * An {@code offer}, {@code answer}, {@code candidate} or {@code restartIce} from the participant. A second
     * {@code offer} starts the participant's media over (a browser that lost its peer connection).
     *
     * @throws ProtocolException with the code to tell the participant, e.g. INVALID_SDP or NO_USABLE_CODEC;
     *                           the participant's session and the room are unchanged
     */
    void onSignal(String roomId, String participantId, Message.FromClient message) throws ProtocolException;

    /** The participant left or their socket closed: release their media and renegotiate the others. Idempotent. */
    void close(String roomId, String participantId);
}
