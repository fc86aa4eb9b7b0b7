package org.parley.web.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads SDP text. Strict about structure, lenient about line types WebRTC does not use. */
public final class SdpParser {

    /** Far more than any browser sends; bounds the work a hostile SDP can cause. */
    private static final int MAX_MEDIA_SECTIONS = 256;

    private SdpParser() {
    }

    public static SessionDescription parse(String text) throws SdpParseException {
        if (text == null || text.isBlank()) {
            throw new SdpParseException("The SDP is empty.");
        }
        String[] lines = text.split("\r?\n");
        if (!lines[0].equals("v=0")) {
            throw new SdpParseException("The SDP must start with 'v=0'.");
        }
        String sessionId = null;
        long version = 0;
        List<Attribute> sessionAttributes = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        MediaBuilder current = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpParseException("Line " + (i + 1) + " is not of the form 'x=...': " + abbreviate(line));
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            switch (type) {
                case 'o' -> {
                    String[] origin = value.split(" ");
                    if (origin.length != 6) {
                        throw new SdpParseException("Line " + (i + 1) + ": the origin line needs 6 fields.");
                    }
                    sessionId = origin[1];
                    version = parseLong(origin[2], i);
                }
                case 'm' -> {
                    if (current != null) {
                        media.add(current.build());
                    }
                    if (media.size() >= MAX_MEDIA_SECTIONS) {
                        throw new SdpParseException("The SDP has more than " + MAX_MEDIA_SECTIONS + " media sections.");
                    }
                    current = parseMediaLine(value, i);
                }
                case 'a' -> {
                    int colon = value.indexOf(':');
                    Attribute attribute = colon < 0 ? Attribute.flag(value)
                            : new Attribute(value.substring(0, colon), value.substring(colon + 1));
                    if (attribute.name().isEmpty()) {
                        throw new SdpParseException("Line " + (i + 1) + " has an attribute with no name.");
                    }
                    (current == null ? sessionAttributes : current.attributes).add(attribute);
                }
                default -> {
                    // v, s, t, c, b, i, u, e, p, z, k, r: nothing WebRTC negotiation depends on.
                }
            }
        }
        if (current != null) {
            media.add(current.build());
        }
        if (sessionId == null) {
            throw new SdpParseException("The SDP has no origin ('o=') line.");
        }
        return new SessionDescription(sessionId, version, sessionAttributes, media);
    }

    private static MediaBuilder parseMediaLine(String value, int index) throws SdpParseException {
        String[] fields = value.split(" ");
        if (fields.length < 4) {
            throw new SdpParseException("Line " + (index + 1) + ": a media line needs kind, port, protocol and formats.");
        }
        long port = parseLong(fields[1].split("/", 2)[0], index); // <port>/<number of ports>
        if (port < 0 || port > 65535) {
            throw new SdpParseException("Line " + (index + 1) + ": port out of range.");
        }
        return new MediaBuilder(fields[0], (int) port, fields[2], Arrays.asList(fields).subList(3, fields.length));
    }

    private static long parseLong(String text, int index) throws SdpParseException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new SdpParseException("Line " + (index + 1) + ": '" + abbreviate(text) + "' is not a number.");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static final class MediaBuilder {
        private final String kind;
        private final int port;
        private final String protocol;
        private final List<String> formats;
        private final List<Attribute> attributes = new ArrayList<>();

        MediaBuilder(String kind, int port, String protocol, List<String> formats) {
            this.kind = kind;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
        }

        MediaDescription build() {
            return new MediaDescription(kind, port, protocol, formats, attributes);
        }
    }
}
