package org.parley.web.room;

/**
 * The room store cannot be reached (Redis down or too slow). Nothing was changed; signalling reports it as
 * UNAVAILABLE and REST as 503, so clients retry rather than treat it as a bug.
 */
public class StoreUnavailableException extends RuntimeException {

    public static final String MESSAGE = "Parley is temporarily unavailable; try again in a moment.";

    public StoreUnavailableException(Throwable cause) {
        super(MESSAGE, cause);
    }
}
