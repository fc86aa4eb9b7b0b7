package org.parley.bench.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.tck.peer.DtlsSrtpHandshake;

/**
 * One emulated browser: its own UDP socket, a controlling ICE agent with one host candidate, a DTLS-SRTP client,
 * and the receive-side statistics. The {@link PeerHub} thread reads its socket; the pacer thread sends its media.
 */
public final class Peer implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    final int index;
    final DatagramChannel channel;
    final InetSocketAddress local;
    final String localUfrag = hex(4);
    final String localPassword = hex(12);
    private final long tieBreaker = RANDOM.nextLong();
    private final DtlsSrtpHandshake dtls = new DtlsSrtpHandshake();
    final BlockingQueue<byte[]> dtlsIn = new ArrayBlockingQueue<>(64);

    public volatile InetSocketAddress remote;
    private volatile String remoteUfrag;
    private volatile String remotePassword;
    private volatile byte[] pendingTransaction;
    /** Controlling when we offered (Parley, Janus publishers); controlled when answering Janus's offer. */
    private volatile boolean controlling = true;
    volatile boolean checkSucceeded;
    volatile boolean remoteChecked;
    /** Notified when a check succeeds or the server checks us: ICE goes on at once, as a browser's would. */
    private final Object iceProgress = new Object();
    volatile long lastConsentNanos;

    /** Written by the pacer thread only (its direction), read by the hub thread only (the other). */
    public volatile SrtpSession outbound;
    volatile SrtpSession inbound;

    /** When this peer started joining, and when its first media packet arrived (0 until then). */
    public volatile long joinStartNanos;
    public volatile long firstMediaNanos;
    /** Phases of the join on the way (0 until reached): signalling answered, ICE done, DTLS done. */
    public volatile long answeredNanos;
    public volatile long iceDoneNanos;
    public volatile long dtlsDoneNanos;
    /** Hub thread only. */
    final PacketBuffer rx = new PacketBuffer();

    public Peer(int index, InetAddress bindAddress) throws IOException {
        this.index = index;
        channel = DatagramChannel.open(StandardProtocolFamily.INET);
        // Key frames from many publishers arrive together: room for the burst, so the generator doesn't drop them.
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.bind(new InetSocketAddress(bindAddress, 0));
        channel.configureBlocking(false);
        local = (InetSocketAddress) channel.getLocalAddress();
    }

    public DatagramChannel channel() {
        return channel;
    }

    public int index() {
        return index;
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    public String localUfrag() {
        return localUfrag;
    }

    public String localPassword() {
        return localPassword;
    }

    public DtlsFingerprint fingerprint() {
        return dtls.fingerprint();
    }

    /** Keys known in advance (the ceiling relays): no ICE, no DTLS. */
    public void keyed(InetSocketAddress relay, SrtpSession out, SrtpSession in) {
        remote = relay;
        outbound = out;
        inbound = in;
    }

    /**
     * ICE (we nominate the first pair, after the server has checked us too, unless it is an ICE-lite agent, which
     * sends no checks) and then the DTLS handshake, which keys SRTP. Blocking; run on a worker thread.
     */
    public void connect(InetSocketAddress server, String ufrag, String password, DtlsFingerprint serverFingerprint,
            Duration timeout, boolean controllingRole) throws IOException {
        connect(server, ufrag, password, serverFingerprint, timeout, controllingRole, false);
    }

    public void connect(InetSocketAddress server, String ufrag, String password, DtlsFingerprint serverFingerprint,
            Duration timeout, boolean controllingRole, boolean serverIceLite) throws IOException {
        controlling = controllingRole;
        remote = server;
        remoteUfrag = ufrag;
        remotePassword = password;
        long deadline = System.nanoTime() + timeout.toNanos();
        long connectivitySince = 0;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new IOException("ICE did not complete (our check ok " + checkSucceeded + ", server checked us "
                        + remoteChecked + ")");
            }
            if (checkSucceeded && (remoteChecked || serverIceLite || connectivitySince != 0
                    && System.nanoTime() - connectivitySince > TimeUnit.MILLISECONDS.toNanos(500))) {
                break;
            }
            if (checkSucceeded && connectivitySince == 0) {
                connectivitySince = System.nanoTime();
            }
            if (!checkSucceeded) {
                sendCheck();
            }
            awaitIceProgress(40, serverIceLite);
        }
        iceDoneNanos = System.nanoTime();
        DtlsSrtpHandshake.Keys keys = dtls.handshake(new Channel(), serverFingerprint, (int) timeout.toMillis());
        inbound = new SrtpSession(false, keys.gcm(), keys.serverKey(), keys.serverSalt());
        outbound = new SrtpSession(true, keys.gcm(), keys.clientKey(), keys.clientSalt());
        dtlsDoneNanos = System.nanoTime();
    }

    void sendCheck() {
        InetSocketAddress to = remote;
        if (to == null || remoteUfrag == null) {
            return;
        }
        byte[] transaction = Stun.newTransactionId();
        pendingTransaction = transaction;
        lastConsentNanos = System.nanoTime();
        sendQuietly(Stun.bindingRequest(transaction, remoteUfrag + ":" + localUfrag, remotePassword, tieBreaker, controlling), to);
    }

    boolean isIce() {
        return remoteUfrag != null;
    }

    void onStunResponse(byte[] message) {
        byte[] pending = pendingTransaction;
        if (pending != null && Stun.sameTransaction(message, pending)) {
            checkSucceeded = true;
            iceProgressed();
        }
    }

    /** The hub thread: the server checked us. */
    void onRemoteCheck() {
        remoteChecked = true;
        iceProgressed();
    }

    private void iceProgressed() {
        synchronized (iceProgress) {
            iceProgress.notifyAll();
        }
    }

    /** Waits for a check's answer or the server's check, at most {@code millis} (then the check is sent again). */
    private void awaitIceProgress(long millis, boolean serverIceLite) {
        synchronized (iceProgress) {
            if (checkSucceeded && (remoteChecked || serverIceLite)) {
                return;
            }
            try {
                iceProgress.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An unencrypted datagram (relay hellos). */
    public void sendRaw(byte[] datagram, InetSocketAddress to) {
        sendQuietly(datagram, to);
    }

    void sendQuietly(byte[] datagram, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(datagram), to);
        } catch (IOException e) {
            // a lost datagram: ICE and DTLS retransmit
        }
    }

    public boolean isConnected() {
        return outbound != null;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }


    /** Bouncy Castle's view of the nominated pair. */
    private final class Channel implements DatagramTransport {
        @Override public int getReceiveLimit() { return 1500; }
        @Override public int getSendLimit() { return 1200; }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] datagram = dtlsIn.poll(Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
                if (datagram == null) {
                    return -1;
                }
                int n = Math.min(len, datagram.length);
                System.arraycopy(datagram, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            channel.send(ByteBuffer.wrap(buf, off, len), remote);
        }

        @Override
        public void close() {
            // the peer owns the socket
        }
    }
}
