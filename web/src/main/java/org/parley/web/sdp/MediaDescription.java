package org.parley.web.sdp;

import java.util.List;
import java.util.Optional;

/**
 * One media section: {@code m=<kind> <port> <protocol> <formats...>} and its attributes.
 * Connection ({@code c=}) and bandwidth lines are not modelled: WebRTC ignores them.
 */
public record MediaDescription(String kind, int port, String protocol, List<String> formats, List<Attribute> attributes) {

    public MediaDescription {
        formats = List.copyOf(formats);
        attributes = List.copyOf(attributes);
    }

    /** The first value of attribute {@code name}, if present. */
    public Optional<String> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(a -> a.value() == null ? "" : a.value()).findFirst();
    }

    /** Every value of attribute {@code name}, in order. */
    public List<String> attributes(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(a -> a.value() == null ? "" : a.value()).toList();
    }

    public boolean hasFlag(String name) {
        return attributes.stream().anyMatch(a -> a.name().equals(name));
    }

    public Optional<String> mid() {
        return attribute("mid");
    }
}
