package org.parley.media.jvb.transport.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpLiteralsTest {

    @Test
    void acceptsLiteralsOnly() {
        assertEquals("127.0.0.1", IpLiterals.parse("127.0.0.1").orElseThrow().getHostAddress());
        assertEquals("203.0.113.7", IpLiterals.parse(" 203.0.113.7 ").orElseThrow().getHostAddress());
        assertTrue(IpLiterals.parse("::1").orElseThrow().isLoopbackAddress());
        assertTrue(IpLiterals.parse("[2001:db8::1]").isPresent());
        assertTrue(IpLiterals.parse("0.0.0.0").orElseThrow().isAnyLocalAddress());
        // Names are never resolved: mDNS, DNS and junk are all simply not literals.
        assertTrue(IpLiterals.parse("localhost").isEmpty());
        assertTrue(IpLiterals.parse("6f1c2d3e-aaaa-bbbb.local").isEmpty());
        assertTrue(IpLiterals.parse("media.example").isEmpty());
        assertTrue(IpLiterals.parse("256.1.1.1").isEmpty());
        assertTrue(IpLiterals.parse("1.2.3").isEmpty());
        assertTrue(IpLiterals.parse("").isEmpty());
        assertTrue(IpLiterals.parse(null).isEmpty());
    }
}
