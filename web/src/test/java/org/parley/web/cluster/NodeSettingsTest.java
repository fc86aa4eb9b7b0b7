package org.parley.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    @Test
    void bothRolesByDefaultAndEitherOnRequest() {
        NodeSettings both = NodeSettings.parse("signalling,media", null, null, TTL);
        assertTrue(both.signalling() && both.media());
        NodeSettings signalling = NodeSettings.parse(" Signalling ", "sig-1", "prod", TTL);
        assertTrue(signalling.signalling());
        assertFalse(signalling.media());
        assertEquals("sig-1", signalling.nodeId());
        assertEquals("prod", signalling.cluster());
        assertFalse(NodeSettings.parse("media", null, null, TTL).signalling());
    }

    @Test
    void withoutAClusterNameANodeIsAClusterOfItsOwn() {
        NodeSettings alone = NodeSettings.parse("signalling,media", null, " ", TTL);
        assertTrue(alone.nodeId().startsWith("node-"));
        assertEquals(alone.nodeId(), alone.cluster());
    }

    @Test
    void badConfigurationIsRefusedWithTheSettingsName() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> NodeSettings.parse("signalling,relay", null, null, TTL));
        assertTrue(unknown.getMessage().contains("PARLEY_ROLES"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NodeSettings.parse(" , ", null, null, TTL));
        assertThrows(IllegalArgumentException.class, () -> NodeSettings.parse("media", "a b", null, TTL));
        assertThrows(IllegalArgumentException.class, () -> NodeSettings.parse("media", null, "x:y", TTL));
        assertThrows(IllegalArgumentException.class, () -> NodeSettings.parse("media", null, null, Duration.ofMillis(10)));
    }
}
