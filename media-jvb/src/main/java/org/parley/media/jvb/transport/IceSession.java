package org.parley.media.jvb.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parley.media.jvb.transport.ice.IceLink;
import org.parley.media.jvb.transport.ice.MediaPorts;
import org.parley.media.jvb.transport.ice.Stun;
import org.parley.media.jvb.transport.ice.StunScratch;
import org.parley.media.jvb.transport.ice.StunSession;
import org.parley.media.jvb.transport.ice.TcpMediaPort;
import org.parley.media.jvb.transport.ice.UdpMediaPort;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;

/**
 * One ICE session of a transport, as an ICE-lite agent (RFC 8445 §2.5): it sends no checks of its own, answers the
 * browser's binding requests that carry its credentials, and takes the pair the browser nominates (USE-CANDIDATE).
 * A transport has one, plus a second while an ICE restart is under way; DTLS and SRTP live above it and survive the
 * swap.
 *
 * <p>Who may talk to it: a binding request is answered only when its USERNAME is {@code <ours>:<theirs>} and its
 * MESSAGE-INTEGRITY verifies with our password (which only the participant's own SDP answer carried). Only then is
 * its source address let through to DTLS and SRTP; a session keeps its {@value #MAX_ADDRESSES} latest such addresses.
 */
final class IceSession implements StunSession {

    /** Receives every datagram that is not STUN; the buffer is only valid during the call. */
    @FunctionalInterface
    interface PacketSink {
        void onPacket(byte[] buffer, int offset, int length);
    }

    static final int MAX_ADDRESSES = 4;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** Where media goes: the browser's nominated address, and the UDP socket or TCP connection its checks came on. */
    private record Route(IceLink link, InetSocketAddress remote) {}

    private final String ufrag;
    private final String password;
    private final Mac mac;
    private final MediaPorts.Lease lease;
    private final UdpMediaPort port;
    private final Optional<TcpMediaPort> tcp;
    private final PacketSink sink;
    private final Consumer<IceSession> onSelected;
    private final Runnable onAuthenticated;
    private final AtomicBoolean freed = new AtomicBoolean();
    private final LongAdder refused = new LongAdder();
    /** The browser's ufrag, once known: the second half of the USERNAME of its checks. */
    private volatile byte[] remoteUfrag;
    private volatile Route route;
    /** Guarded by this: verified addresses (with what their checks came on), oldest first. */
    private final ArrayDeque<Route> verified = new ArrayDeque<>();

    private IceSession(MediaPorts.Lease lease, PacketSink sink, Consumer<IceSession> onSelected, Runnable onAuthenticated) {
        this.lease = lease;
        this.port = lease.port();
        this.tcp = lease.tcp();
        this.sink = sink;
        this.onSelected = onSelected;
        this.onAuthenticated = onAuthenticated;
        this.ufrag = random(8);
        this.password = random(24);
        try {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /**
     * A session with fresh credentials on a port from {@code ports}.
     *
     * @param onSelected      the browser nominated a pair for the first time: media may flow
     * @param onAuthenticated each binding request that verified (consent)
     * @throws UncheckedIOException when no port is available; nothing is left allocated then
     */
    static IceSession create(String name, MediaPorts ports, PacketSink sink, Consumer<IceSession> onSelected,
                             Runnable onAuthenticated) {
        MediaPorts.Lease lease;
        try {
            lease = ports.lease();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create an ICE session for " + name + ": " + e.getMessage(), e);
        }
        IceSession session = new IceSession(lease, sink, onSelected, onAuthenticated);
        lease.port().register(session.ufrag, session);
        session.tcp.ifPresent(tcp -> tcp.register(session.ufrag, session));
        return session;
    }

    IceParameters localParameters() {
        return new IceParameters(ufrag, password);
    }

    List<IceCandidate> localCandidates() {
        return lease.candidates();
    }

    /** The browser's credentials: its checks are answered from now on. False when already started. */
    boolean start(IceParameters remote) {
        if (remoteUfrag != null) {
            return false;
        }
        remoteUfrag = remote.usernameFragment().getBytes(StandardCharsets.UTF_8);
        return true;
    }

    boolean isStarted() {
        return remoteUfrag != null;
    }

    /** Whether the browser nominated a pair. */
    boolean hasSelectedPair() {
        return route != null;
    }

    /** Addresses verified now (for tests: a bad check adds none). */
    synchronized int verifiedAddressCount() {
        return verified.size();
    }

    /** Binding requests with our ufrag that were refused: wrong password, username or fingerprint. */
    long refusedCount() {
        return refused.sum();
    }

    /** Sends the buffer's remaining bytes on the selected pair; throws before the browser nominated one. */
    void send(ByteBuffer data) throws IOException {
        Route current = route;
        if (current == null) {
            throw new IOException("No candidate pair nominated yet");
        }
        current.link().send(data, current.remote());
    }

    // ---- the port's reading threads ----

    @Override
    public void onBindingRequest(IceLink link, InetSocketAddress from, byte[] buffer, int offset, int length,
                                 StunScratch scratch) {
        Stun.Request request = scratch.request;
        byte[] theirs = remoteUfrag;
        if (freed.get() || theirs == null || request.unknownRequired() || !remoteUfragMatches(buffer, request, theirs)
                || !Stun.fingerprintHolds(buffer, request, scratch.crc)) {
            refused.increment();
            return;
        }
        int responseLength;
        synchronized (mac) {
            if (!Stun.integrityHolds(buffer, request, mac, scratch.mac)) {
                refused.increment();
                return;
            }
            responseLength = Stun.writeBindingSuccess(buffer, request, from, mac, scratch.crc, scratch.response);
        }
        try {
            link.send(scratch.responseBuffer.clear().limit(responseLength), from);
        } catch (IOException e) {
            return; // the next check will be answered
        }
        onAuthenticated.run();
        remember(link, from);
        if (request.nominates()) {
            Route current = route;
            if (current == null || !current.remote().equals(from) || current.link() != link) {
                route = new Route(link, from);
                if (current == null) {
                    onSelected.accept(this);
                }
            }
        }
    }

    @Override
    public void onPacket(byte[] buffer, int offset, int length) {
        sink.onPacket(buffer, offset, length);
    }

    private static boolean remoteUfragMatches(byte[] buffer, Stun.Request request, byte[] theirs) {
        int ours = request.localUfragLength(buffer);
        int at = request.usernameAt() + ours + 1;
        if (request.usernameLength() - ours - 1 != theirs.length) {
            return false;
        }
        for (int i = 0; i < theirs.length; i++) {
            if (buffer[at + i] != theirs[i]) {
                return false;
            }
        }
        return true;
    }

    /** A verified address: let what else comes from it through; forget the oldest beyond the few kept. */
    private void remember(IceLink link, InetSocketAddress address) {
        synchronized (this) {
            if (freed.get() || isVerified(link, address)) {
                return;
            }
            verified.addLast(new Route(link, address));
            link.admit(address, this);
            while (verified.size() > MAX_ADDRESSES) {
                Route oldest = verified.removeFirst();
                if (oldest.equals(route)) {
                    verified.addLast(oldest); // the nominated one stays
                    continue;
                }
                oldest.link().forget(oldest.remote(), this);
            }
        }
    }

    private boolean isVerified(IceLink link, InetSocketAddress address) {
        for (Route known : verified) {
            if (known.link() == link && known.remote().equals(address)) {
                return true;
            }
        }
        return false;
    }

    /** Stops answering (checks with these credentials get no answer) and releases the port (range). */
    void free() {
        if (!freed.compareAndSet(false, true)) {
            return;
        }
        port.unregister(ufrag, this);
        tcp.ifPresent(t -> t.unregister(ufrag, this));
        synchronized (this) {
            for (Route known : verified) {
                known.link().forget(known.remote(), this);
            }
            verified.clear();
        }
        lease.close();
    }

    private static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(chars);
    }
}
