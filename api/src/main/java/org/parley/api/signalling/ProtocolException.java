package org.parley.api.signalling;

/** A message that cannot be accepted, with the code the peer is told. */
public class ProtocolException extends Exception {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ProtocolException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorMessage toMessage() {
        return new ErrorMessage(code, getMessage());
    }
}
