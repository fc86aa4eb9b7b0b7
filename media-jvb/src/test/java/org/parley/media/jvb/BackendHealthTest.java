package org.parley.media.jvb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.media.spi.MediaBackend;
import org.parley.media.spi.MediaHealth;
import org.parley.media.spi.MediaSettings;

/** The backend's health as the health checks read it: healthy while its ports are open, neither once closed. */
class BackendHealthTest {

    @Test
    void healthyWhileOpenClosedAfter() {
        MediaBackend backend = new JvbBackendProvider().start(new MediaSettings(List.of("127.0.0.1"), 0, 0,
                Optional.empty(), 2).withIceTcp(new MediaSettings.IceTcp(0)));
        try {
            assertEquals(MediaHealth.HEALTHY, backend.health(Duration.ofSeconds(5)));
        } finally {
            backend.close();
        }
        MediaHealth closed = backend.health(Duration.ofSeconds(5));
        assertFalse(closed.receiving());
        assertFalse(closed.live());
        assertTrue(closed.problem().orElseThrow().contains("closed"));
    }
}
