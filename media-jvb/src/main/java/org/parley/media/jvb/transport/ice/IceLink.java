package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What a connectivity check arrived on, and where the session's answers and media leave: one socket of the UDP port
 * (which reaches any verified address) or one ICE-TCP connection (which reaches only its own peer).
 */
public interface IceLink {

    /** Sends the buffer's remaining bytes to {@code to}; any thread. */
    void send(ByteBuffer data, InetSocketAddress to) throws IOException;

    /** A binding request from {@code from} verified for {@code session}: what else comes from there is its. */
    void admit(InetSocketAddress from, StunSession session);

    /** The session no longer takes what comes from {@code from} (a TCP connection closes). */
    void forget(InetSocketAddress from, StunSession session);
}
