package org.parley.media.jvb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.parley.media.spi.MediaBackendProvider;
import org.parley.media.spi.MediaBackends;

class JvbBackendProviderTest {

    @Test
    void isFoundByNameAndAsTheOnlyBackend() {
        ClassLoader loader = getClass().getClassLoader();

        MediaBackendProvider byName = MediaBackends.find("jvb", loader);
        MediaBackendProvider only = MediaBackends.find(null, loader);

        assertInstanceOf(JvbBackendProvider.class, byName);
        assertInstanceOf(JvbBackendProvider.class, only);
        assertEquals("jvb", byName.name());
    }
}
