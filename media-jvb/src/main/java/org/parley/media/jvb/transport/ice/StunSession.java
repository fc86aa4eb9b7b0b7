package org.parley.media.jvb.transport.ice;

import java.net.InetSocketAddress;

/** An ICE session, as the media ports see it. */
public interface StunSession {

    /** A well-formed binding request whose USERNAME names this session; answer on {@code link}. */
    void onBindingRequest(IceLink link, InetSocketAddress from, byte[] buffer, int offset, int length,
                          StunScratch scratch);

    /** A packet that is not STUN from an address this session verified; the buffer is only valid in the call. */
    void onPacket(byte[] buffer, int offset, int length);
}
