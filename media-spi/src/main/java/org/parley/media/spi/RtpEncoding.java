package org.parley.media.spi;

/**
 * One RTP stream of a track.
 *
 * @param rtxSsrc the SSRC of its retransmissions, or 0 when there is none
 */
public record RtpEncoding(long ssrc, long rtxSsrc) {}
