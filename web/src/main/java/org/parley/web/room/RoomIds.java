package org.parley.web.room;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Room ids: 128 random bits, URL-safe, so knowing one room's id says nothing about another's. */
public final class RoomIds {

    public static final int MAX_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private RoomIds() {}

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code id} could name a room; checked before it becomes part of a Redis key. */
    public static boolean isWellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }

    /** Why {@code id} cannot name a room, for people; only for ids that are not {@link #isWellFormed}. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "The room id is missing.";
        }
        if (id.length() > MAX_LENGTH) {
            return "A room id has at most " + MAX_LENGTH + " characters; this one has " + id.length() + ".";
        }
        return "A room id consists of letters, digits, '-' and '_' only.";
    }
}
