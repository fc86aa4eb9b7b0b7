package org.parley.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Credential guessing: an address past its failures for the minute waits out the minute; others are not affected. */
class FailedSignInsTest {

    private long now = 1_000_000_000L;
    private final FailedSignIns failures = new FailedSignIns(3, () -> now);

    @Test
    void anAddressPastItsFailuresWaitsOutTheMinuteAndOthersCarryOn() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), failures.refusedFor("10.0.0.1"), "failure " + i + " is still allowed");
            failures.failed("10.0.0.1");
        }
        now += Duration.ofSeconds(20).toNanos();
        assertEquals(Optional.of(Duration.ofSeconds(40)), failures.refusedFor("10.0.0.1"), "the rest of its minute");
        assertEquals(Optional.empty(), failures.refusedFor("10.0.0.2"), "another address is not affected");

        now += Duration.ofSeconds(40).toNanos();
        assertEquals(Optional.empty(), failures.refusedFor("10.0.0.1"), "a new minute");
        failures.failed("10.0.0.1");
        assertEquals(Optional.empty(), failures.refusedFor("10.0.0.1"), "counted afresh");
    }

    @Test
    void itRemembersABoundedNumberOfAddresses() {
        for (int i = 0; i < FailedSignIns.TRACKED + 500; i++) {
            String address = "10." + (i >> 16) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
            for (int k = 0; k < 3; k++) {
                failures.failed(address);
            }
        }
        assertTrue(failures.refusedFor("10.0.0.0").isPresent(), "the first ones are remembered");
        assertEquals(Optional.empty(), failures.refusedFor("10.0.40.115"), "past the bound, new ones are not tracked");
        now += Duration.ofMinutes(1).toNanos();
        failures.failed("192.0.2.1");
        failures.failed("192.0.2.1");
        failures.failed("192.0.2.1");
        assertTrue(failures.refusedFor("192.0.2.1").isPresent(), "expired windows make room");
    }
}
