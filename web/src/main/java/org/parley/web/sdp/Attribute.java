package org.parley.web.sdp;

/** One {@code a=} line: {@code a=name:value}, or a flag {@code a=name} (value null). */
public record Attribute(String name, String value) {

    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    String toLine() {
        return value == null ? "a=" + name : "a=" + name + ":" + value;
    }
}
