package dev.marketalerts.core.rules;

/** Three-valued logic: UNKNOWN (not enough data, stale quote, missing bar) never fires and never re-arms. */
public enum TriState {
    TRUE, FALSE, UNKNOWN;

    public static TriState of(boolean b) {
        return b ? TRUE : FALSE;
    }

    public TriState and(TriState o) {
        if (this == FALSE || o == FALSE) {
            return FALSE;
        }
        return this == TRUE && o == TRUE ? TRUE : UNKNOWN;
    }

    public TriState or(TriState o) {
        if (this == TRUE || o == TRUE) {
            return TRUE;
        }
        return this == FALSE && o == FALSE ? FALSE : UNKNOWN;
    }

    public TriState not() {
        return this == UNKNOWN ? UNKNOWN : this == TRUE ? FALSE : TRUE;
    }
}
