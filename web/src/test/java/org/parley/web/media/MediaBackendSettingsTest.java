package org.parley.web.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.media.spi.MediaSettings;

/** How the parley.media.* configuration becomes the backend's settings. */
class MediaBackendSettingsTest {

    @Test
    void oneSharedPortByDefault() {
        MediaSettings settings = MediaBackendService.settings("0.0.0.0", 10000, Optional.empty(), Optional.empty(),
                Optional.empty(), 0);
        assertFalse(settings.usesPortRange());
        assertEquals(10000, settings.port());
        assertEquals(Runtime.getRuntime().availableProcessors(), settings.receiveThreads(), "one per core");
        assertEquals(List.of("0.0.0.0"), settings.bindAddresses());
    }

    @Test
    void aRangeWinsOverTheSinglePort() {
        MediaSettings settings = MediaBackendService.settings("0.0.0.0", 10000, Optional.of(40000),
                Optional.of(40099), Optional.of("198.51.100.4"), 3);
        assertTrue(settings.usesPortRange());
        assertEquals(40000, settings.portMin());
        assertEquals(40099, settings.portMax());
        assertEquals(Optional.of("198.51.100.4"), settings.publicAddress());
        assertEquals(3, settings.receiveThreads());
    }

    @Test
    void bindAddressIsACommaSeparatedListOfAddressesAndInterfaces() {
        MediaSettings settings = MediaBackendService.settings(" lo, eth0 ,10.0.0.5,", 10000, Optional.empty(),
                Optional.empty(), Optional.of("  "), 0);
        assertEquals(List.of("lo", "eth0", "10.0.0.5"), settings.bindAddresses());
        assertEquals(Optional.empty(), settings.publicAddress(), "blank means none");
    }

    @Test
    void halfARangeIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaBackendService.settings("0.0.0.0", 10000, Optional.of(40000), Optional.empty(),
                        Optional.empty(), 0));
        assertTrue(e.getMessage().contains("PARLEY_MEDIA_PORT_MAX"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MediaBackendService.settings("0.0.0.0", 10000,
                Optional.of(40010), Optional.of(40000), Optional.empty(), 0));
    }
}
