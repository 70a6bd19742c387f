package dev.marketalerts.core.market;

/** When on its date a company reports: before the open, after the close, or not supplied. */
public enum EarningsSession {
    BMO("before the open"),
    AMC("after the close"),
    UNKNOWN("time not supplied");

    private final String phrase;

    EarningsSession(String phrase) {
        this.phrase = phrase;
    }

    /** How an alert's text describes the time of day. */
    public String phrase() {
        return phrase;
    }
}
