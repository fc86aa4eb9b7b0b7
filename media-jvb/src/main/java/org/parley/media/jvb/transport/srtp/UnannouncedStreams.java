package org.parley.media.jvb.transport.srtp;

/**
 * Decides about SRTP under an SSRC nobody announced: a stream offered without {@code a=ssrc}, known only by the MID
 * header extension its first packets carry (which SRTP leaves readable). Asked on the receive thread.
 */
public interface UnannouncedStreams {

    /** Learns nothing: every unannounced SSRC is dropped. */
    UnannouncedStreams NONE = new UnannouncedStreams() {
        @Override
        public boolean claims(byte[] buffer, int offset, int length) {
            return false;
        }

        @Override
        public boolean learn(byte[] buffer, int offset, int length) {
            return false;
        }
    };

    /** Whether this still encrypted packet's header names a stream waiting for its SSRC (worth authenticating). */
    boolean claims(byte[] buffer, int offset, int length);

    /**
     * The claimed packet authenticated (and is now decrypted): take its SSRC, announcing it as an incoming stream.
     *
     * @return false to drop the packet after all (the stream was learned meanwhile, or too many are)
     */
    boolean learn(byte[] buffer, int offset, int length);
}
