package org.parley.media.jvb.rtp;

/**
 * Changes the sender's private copy of one RTP packet just before it is encrypted (a consumer's SSRC, sequence
 * number, timestamp and numbering). Called on the thread that asked for the send, right away, so a rewrite may keep
 * the values for the packet at hand in fields set just before.
 */
@FunctionalInterface
public interface RtpRewrite {

    void rewrite(byte[] copy, int offset, int length);
}
