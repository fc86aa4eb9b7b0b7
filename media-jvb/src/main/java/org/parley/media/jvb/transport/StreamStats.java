package org.parley.media.jvb.transport;

/**
 * What a transport's SRTP holds and refused, for tests and the summary logged when a participant leaves.
 *
 * @param incoming           streams the participant negotiated to send (SSRCs), now
 * @param outgoing           streams negotiated to be sent to the participant (SSRCs), now
 * @param peak               the most streams (incoming plus outgoing) negotiated at once so far
 * @param contexts           SRTP and SRTCP contexts derived and held, now
 * @param unnegotiatedDrops  packets dropped because their SSRC was not negotiated in their direction
 */
public record StreamStats(int incoming, int outgoing, int peak, int contexts, long unnegotiatedDrops) {}
