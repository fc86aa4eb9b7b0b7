package org.parley.media.jvb.transport.ice;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** What each reading thread reuses for every STUN message it handles. */
public final class StunScratch {
    public final Stun.Request request = new Stun.Request();
    public final CRC32 crc = new CRC32();
    public final byte[] mac = new byte[24];
    public final byte[] response = new byte[128];
    public final ByteBuffer responseBuffer = ByteBuffer.wrap(response);
}
