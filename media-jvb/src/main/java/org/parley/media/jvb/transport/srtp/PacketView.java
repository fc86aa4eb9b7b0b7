package org.parley.media.jvb.transport.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable mutable window onto a byte array, the form jitsi-srtp transforms in place. One instance is re-pointed
 * at each packet instead of allocating a wrapper per packet.
 */
public final class PacketView implements ByteArrayBuffer {

    private byte[] buffer;
    private int offset;
    private int length;

    /** Points this view at {@code length} bytes of {@code buffer} from {@code offset}. */
    public PacketView set(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    /** Makes room for {@code howMuch} more bytes after the packet; reallocates only when the array is too small. */
    @Override
    public void grow(int howMuch) {
        if (buffer.length - offset - length >= howMuch) {
            return;
        }
        byte[] bigger = new byte[length + howMuch];
        System.arraycopy(buffer, offset, bigger, 0, length);
        buffer = bigger;
        offset = 0;
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
