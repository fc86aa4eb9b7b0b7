package org.parley.web.sdp;

import java.util.List;
import java.util.Optional;

/** A parsed SDP (RFC 8866) as WebRTC uses it: session attributes and media sections. */
public record SessionDescription(String sessionId, long version, List<Attribute> attributes, List<MediaDescription> media) {

    public SessionDescription {
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    public Optional<String> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(a -> a.value() == null ? "" : a.value()).findFirst();
    }

    /** A session-level attribute, or else the first media section's (JSEP allows either place). */
    public Optional<String> attributeAnyLevel(MediaDescription section, String name) {
        return section.attribute(name).or(() -> attribute(name));
    }
}
