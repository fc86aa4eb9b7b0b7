package org.parley.media.jvb.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.media.spi.MediaSettings;

class CryptoWarmUpTest {

    @Test
    void roundTripsBothProfilesWithoutError() {
        assertTrue(CryptoWarmUp.run() > 0); // throws if a profile's protect/unprotect round trip failed
    }

    @Test
    void theFactoryWarmsUpInTheBackground() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = s.getLocalPort();
        }
        try (IceDtlsTransportFactory factory = new IceDtlsTransportFactory(
                new MediaSettings("127.0.0.1", port, Optional.empty()))) {
            Duration took = factory.warmUp().get(60, TimeUnit.SECONDS);
            assertTrue(!took.isNegative() && !took.isZero(), took.toString());
        }
    }
}
