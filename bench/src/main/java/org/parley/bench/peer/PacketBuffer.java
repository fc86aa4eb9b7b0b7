package org.parley.bench.peer;

import org.jitsi.utils.ByteArrayBuffer;

/** A reusable packet buffer for jitsi-srtp: room for the auth tag, so protect/unprotect never allocate. */
public final class PacketBuffer implements ByteArrayBuffer {

    public static final int CAPACITY = 1600;

    private final byte[] buffer = new byte[CAPACITY];
    private int offset;
    private int length;

    /** Copies {@code len} bytes in at offset 0. */
    public PacketBuffer load(byte[] src, int off, int len) {
        System.arraycopy(src, off, buffer, 0, len);
        offset = 0;
        length = len;
        return this;
    }

    @Override public byte[] getBuffer() { return buffer; }
    @Override public int getOffset() { return offset; }
    @Override public int getLength() { return length; }
    @Override public void setLength(int length) { this.length = length; }
    @Override public void setOffset(int offset) { this.offset = offset; }
    @Override public boolean isInvalid() { return false; }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buffer.length) {
            throw new IllegalStateException("packet too large for the bench buffer");
        }
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
