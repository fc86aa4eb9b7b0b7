package org.parley.web.sdp;

/** The text is not an SDP this server can read; the message names the line at fault. */
public class SdpParseException extends Exception {

    public SdpParseException(String message) {
        super(message);
    }
}
