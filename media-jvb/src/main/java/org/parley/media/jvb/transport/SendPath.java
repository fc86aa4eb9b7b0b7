package org.parley.media.jvb.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.parley.media.jvb.rtp.RtpRewrite;
import org.parley.media.jvb.transport.srtp.PacketView;
import org.parley.media.jvb.transport.srtp.SrtpSession;

/**
 * Where a packet leaves a transport: copied into the sending thread's scratch (the caller's bytes serve every
 * subscriber and stay untouched), rewritten into the subscriber's numbering, encrypted in place, and sent on the
 * pair the participant nominated. Allocates nothing on media threads.
 */
final class SendPath {

    /** Largest RTP/RTCP packet sent; the scratch leaves room for the SRTCP index and the authentication tag. */
    static final int MAX_PACKET = 1500;
    private static final int SRTP_OVERHEAD = 4 + 16;

    /** A sending thread's buffers: one per {@link MediaThread}; made afresh for a send from any other thread (rare). */
    static final class Scratch {
        final byte[] bytes = new byte[MAX_PACKET + SRTP_OVERHEAD];
        final PacketView view = new PacketView();
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
    }

    private SendPath() {}

    /** @return false when the packet could not be encrypted or sent (the caller counts it) */
    static boolean send(SrtpSession srtp, IceSession pair, byte[] buffer, int offset, int length, boolean rtcp,
                        RtpRewrite rewrite) {
        if (length > MAX_PACKET) {
            return false;
        }
        // Media threads send per packet; other threads (a server's, closing or asking for a key frame) seldom.
        Scratch scratch = Thread.currentThread() instanceof MediaThread media ? media.sendScratch() : new Scratch();
        System.arraycopy(buffer, offset, scratch.bytes, 0, length);
        if (rewrite != null) {
            rewrite.rewrite(scratch.bytes, 0, length);
        }
        PacketView view = scratch.view.set(scratch.bytes, 0, length);
        if (!(rtcp ? srtp.protectRtcp(view) : srtp.protectRtp(view))) {
            return false;
        }
        ByteBuffer out = view.getBuffer() == scratch.bytes
                ? scratch.buffer.clear().limit(view.getOffset() + view.getLength()).position(view.getOffset())
                : ByteBuffer.wrap(view.getBuffer(), view.getOffset(), view.getLength());
        try {
            pair.send(out);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
