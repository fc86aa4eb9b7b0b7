package org.parley.web.invite;

import java.util.Locale;
import java.util.Optional;

/** What an invitation lets its holder be in the room. */
public enum Role {
    HOST,
    PARTICIPANT;

    /** The lower-case name used inside tokens. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Role> fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
