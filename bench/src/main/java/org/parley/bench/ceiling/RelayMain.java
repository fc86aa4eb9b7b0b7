package org.parley.bench.ceiling;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.parley.bench.peer.PacketBuffer;
import org.parley.bench.peer.SrtpSession;

/**
 * The machine's ceilings, with no SFU logic: one UDP socket, one thread; every datagram goes to every registered
 * address but its sender. {@code bare} forwards the bytes; {@code srtp} decrypts once with the sender's key and
 * encrypts for each destination with its own context, which is the least an SFU must do per forwarded packet.
 *
 * <p>Usage: {@code RelayMain bare|srtp <bind address> <port> <max seconds>}
 */
public final class RelayMain {

    private record Destination(InetSocketAddress address, SrtpSession outbound) {}

    public static void main(String[] args) throws Exception {
        boolean srtp = args[0].equals("srtp");
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
        long lifetimeMillis = Long.parseLong(args[3]) * 1000L;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(lifetimeMillis);
            } catch (InterruptedException ignored) {
                // exit anyway
            }
            System.exit(0);
        }, "relay-lifetime");
        watchdog.setDaemon(true);
        watchdog.start();
        List<Destination> destinations = new ArrayList<>();
        Map<InetSocketAddress, SrtpSession> inbound = new HashMap<>();
        ByteBuffer in = ByteBuffer.allocateDirect(2048);
        ByteBuffer out = ByteBuffer.allocateDirect(2048);
        byte[] scratch = new byte[2048];
        PacketBuffer clear = new PacketBuffer();
        PacketBuffer tx = new PacketBuffer();
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(bind);
            channel.socket().setReceiveBufferSize(4 << 20);
            System.out.println("relay " + args[0] + " listening on " + bind);
            while (true) {
                in.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(in);
                in.flip();
                int length = in.remaining();
                if (RelayKeys.isHelloOrBye(in, scratch, length)) {
                    if (RelayKeys.isReset(scratch, length)) {
                        destinations.clear();
                        inbound.clear();
                        continue;
                    }
                    boolean hello = RelayKeys.isHello(scratch, length);
                    destinations.removeIf(d -> d.address.equals(from));
                    if (hello) {
                        int index = RelayKeys.helloIndex(scratch);
                        destinations.add(new Destination(from, srtp ? RelayKeys.session(index, true) : null));
                        inbound.put(from, srtp ? RelayKeys.session(index, false) : null);
                    } else {
                        inbound.remove(from);
                    }
                    continue;
                }
                if (!srtp) {
                    for (int i = 0; i < destinations.size(); i++) {
                        Destination d = destinations.get(i);
                        if (!d.address.equals(from)) {
                            in.rewind();
                            channel.send(in, d.address);
                        }
                    }
                    continue;
                }
                SrtpSession keys = inbound.get(from);
                if (keys == null) {
                    continue;
                }
                in.get(scratch, 0, length);
                clear.load(scratch, 0, length);
                if (!keys.unprotect(clear)) {
                    continue;
                }
                for (int i = 0; i < destinations.size(); i++) {
                    Destination d = destinations.get(i);
                    if (d.address.equals(from)) {
                        continue;
                    }
                    tx.load(clear.getBuffer(), clear.getOffset(), clear.getLength());
                    if (d.outbound.protect(tx)) {
                        out.clear();
                        out.put(tx.getBuffer(), tx.getOffset(), tx.getLength());
                        out.flip();
                        channel.send(out, d.address);
                    }
                }
            }
        }
    }

    private RelayMain() {}
}
