package dev.marketalerts.marketdata.replay;

/** A replay data file that cannot be used; the message names the file and, where there is one, the line. */
public class ReplayDataException extends RuntimeException {

    public ReplayDataException(String message) {
        super(message);
    }

    public ReplayDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
