package org.parley.media.spi;

import java.util.Objects;

/** ICE username fragment and password (RFC 8445). */
public record IceParameters(String usernameFragment, String password) {
    public IceParameters {
        Objects.requireNonNull(usernameFragment, "usernameFragment");
        Objects.requireNonNull(password, "password");
    }
}
