package org.parley.media.spi;

/**
 * Entry point of a media backend, found with {@link java.util.ServiceLoader} (see {@link MediaBackends}).
 * A backend jar lists its provider in {@code META-INF/services/org.parley.media.spi.MediaBackendProvider}.
 */
public interface MediaBackendProvider {

    /** Short name operators use to choose this backend, e.g. {@code jvb}. */
    String name();

    /** Starts a backend: binds its sockets and is ready to create routers. */
    MediaBackend start(MediaSettings settings);
}
