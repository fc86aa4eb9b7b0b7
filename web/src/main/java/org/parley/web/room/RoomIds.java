package org.parley.web.room;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Room ids: 128 random bits, URL-safe, so knowing one room's id says nothing about another's. */
final class RoomIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private RoomIds() {}

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code id} could name a room; checked before it becomes part of a Redis key. */
    static boolean isWellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
