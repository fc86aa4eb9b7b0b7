package org.parley.bench.run;

/** Fan-out: one publisher to {@code size} subscribers. Meeting: {@code size} people each sending to all. */
public record Scenario(Kind kind, int size) {

    public enum Kind { FANOUT, MEETING }

    public String label() {
        return (kind == Kind.FANOUT ? "fanout-" : "meeting-") + size;
    }

    public int publishers() {
        return kind == Kind.FANOUT ? 1 : size;
    }

    /** Streams each publisher's packets reach. */
    public int receiversPerPublisher() {
        return kind == Kind.FANOUT ? size : size - 1;
    }
}
