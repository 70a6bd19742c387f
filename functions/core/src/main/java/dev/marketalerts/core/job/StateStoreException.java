package dev.marketalerts.core.job;

/** The state store could not be read or written; the tick must stop without sending what it cannot record. */
public class StateStoreException extends RuntimeException {
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StateStoreException(String message) {
        super(message);
    }
}
