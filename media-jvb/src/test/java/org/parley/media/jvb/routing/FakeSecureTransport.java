package org.parley.media.jvb.routing;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.jvb.rtp.RtpRewrite;
import org.parley.media.jvb.rtp.SsrcTable;
import org.parley.media.jvb.transport.SecureTransport;
import org.parley.media.jvb.transport.StreamStats;
import org.parley.media.jvb.transport.TransportHandler;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.TransportState;

/**
 * An in-memory stand-in for ICE + DTLS-SRTP, for routing unit tests only: it records what routing sends and lets the
 * test deliver "decrypted" packets and state changes as the real transport would. Like the real one, it copies what
 * it is given, drops sends before it is connected, and drops (and counts) sends under an SSRC that routing did not
 * declare as outgoing: the real transport would have no SRTP context for them.
 */
final class FakeSecureTransport implements SecureTransport {

    final String id;
    final TransportHandler handler;
    final List<byte[]> sentRtp = new CopyOnWriteArrayList<>();
    final List<byte[]> sentRtcp = new CopyOnWriteArrayList<>();
    /** The threads that sent RTP here (with {@link #keepCopies}). */
    final java.util.Set<String> sendingThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile TransportState state = TransportState.NEW;
    volatile boolean closed;
    /** False to only count sends (for allocation measurements), true to keep a copy of each. */
    volatile boolean keepCopies = true;
    /** The sender's private copy, one per sending thread as in the real transport. */
    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[1500]);
    long rtpSends;
    long rtcpSends;
    volatile IceParameters remoteIce;
    /** Declared SSRC → number of owners, as the real transport counts them (copy-on-write: sends allocate nothing). */
    volatile SsrcTable<Integer> incoming = SsrcTable.empty();
    volatile SsrcTable<Integer> outgoing = SsrcTable.empty();
    final AtomicLong undeclaredSends = new AtomicLong();

    FakeSecureTransport(String id, TransportHandler handler) {
        this.id = id;
        this.handler = handler;
    }

    /** Reaches {@code next} as the real transport would, telling routing. */
    void reach(TransportState next) {
        state = next;
        handler.onStateChange(next);
    }

    /** Delivers one packet at an offset inside a larger buffer that is scribbled over afterwards (as it is reused). */
    void receiveRtp(byte[] packet) {
        byte[] buffer = inLargerBuffer(packet);
        handler.onRtp(buffer, 7, packet.length);
        Arrays.fill(buffer, (byte) 0x55);
    }

    void receiveRtcp(byte[] packet) {
        byte[] buffer = inLargerBuffer(packet);
        handler.onRtcp(buffer, 7, packet.length);
        Arrays.fill(buffer, (byte) 0x55);
    }

    private static byte[] inLargerBuffer(byte[] packet) {
        byte[] buffer = new byte[packet.length + 20];
        Arrays.fill(buffer, (byte) 0xEE);
        System.arraycopy(packet, 0, buffer, 7, packet.length);
        return buffer;
    }

    @Override
    public IceParameters localIceParameters() {
        return new IceParameters("ufrag" + id.substring(0, 4), "password-password-password");
    }

    @Override
    public List<IceCandidate> localCandidates() {
        return List.of(new IceCandidate("1", 2130706431L, "udp", "127.0.0.1", 10000, "host"));
    }

    @Override
    public DtlsFingerprint localFingerprint() {
        return new DtlsFingerprint("sha-256", "AB:CD");
    }

    @Override
    public void connect(IceParameters remoteIce, DtlsFingerprint remoteFingerprint) {
        this.remoteIce = remoteIce;
    }

    /** Routing does not care about ICE: a restart just takes the new remote credentials. */
    @Override
    public IceParameters restartIce() {
        return localIceParameters();
    }

    @Override
    public boolean canRestartIce() {
        return true;
    }

    @Override
    public void setRemoteIceParameters(IceParameters remote) {
        this.remoteIce = remote;
    }

    @Override
    public void addRemoteCandidate(IceCandidate candidate) {
    }

    @Override
    public synchronized void addIncomingStreams(int... ssrcs) {
        incoming = counted(incoming, ssrcs, 1);
    }

    @Override
    public synchronized void removeIncomingStreams(int... ssrcs) {
        incoming = counted(incoming, ssrcs, -1);
    }

    @Override
    public synchronized void addOutgoingStreams(int... ssrcs) {
        outgoing = counted(outgoing, ssrcs, 1);
    }

    @Override
    public synchronized void removeOutgoingStreams(int... ssrcs) {
        outgoing = counted(outgoing, ssrcs, -1);
    }

    private static SsrcTable<Integer> counted(SsrcTable<Integer> table, int[] ssrcs, int change) {
        for (int ssrc : ssrcs) {
            Integer owners = table.get(ssrc);
            int now = (owners == null ? 0 : owners) + change;
            table = now > 0 ? table.with(ssrc, now) : table.without(ssrc);
        }
        return table;
    }

    @Override
    public StreamStats streamStats() {
        return new StreamStats(incoming.size(), outgoing.size(), 0, 0, undeclaredSends.get());
    }

    private boolean declaredOutgoing(byte[] buffer, int ssrcAt) {
        if (outgoing.get(Bytes.readInt(buffer, ssrcAt)) != null) {
            return true;
        }
        undeclaredSends.incrementAndGet();
        return false;
    }

    @Override
    public void sendRtp(byte[] buffer, int offset, int length, RtpRewrite rewrite) {
        if (state != TransportState.CONNECTED || closed) {
            return;
        }
        byte[] copy = scratch.get();
        System.arraycopy(buffer, offset, copy, 0, length);
        if (rewrite != null) {
            rewrite.rewrite(copy, 0, length);
        }
        if (declaredOutgoing(copy, 8)) {
            rtpSends++;
            if (keepCopies) {
                sentRtp.add(Arrays.copyOf(copy, length));
                sendingThreads.add(Thread.currentThread().getName());
            }
        }
    }

    @Override
    public void sendRtcp(byte[] buffer, int offset, int length) {
        if (state == TransportState.CONNECTED && !closed && declaredOutgoing(buffer, offset + 4)) {
            rtcpSends++;
            if (keepCopies) {
                sentRtcp.add(Arrays.copyOfRange(buffer, offset, offset + length));
            }
        }
    }

    @Override
    public TransportState state() {
        return state;
    }

    @Override
    public void close() {
        closed = true;
    }
}
