package dev.marketalerts.core.rules;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A value a condition reads, under its {@link #key()} in {@link Evaluation#observed()} ({@code price},
 * {@code change(1d)}, {@code abs(gap)}), with the facts an alert's text needs about it: what kind of metric it is,
 * its window or reference date, and whether it is a fraction (shown as a percentage).
 */
public sealed interface ObservedMetric {

    /** The value's name as written in {@link Evaluation#observed()} and in alerts. */
    String key();

    /** Whether the value is a fraction of a price (a change or gap, or abs of an expression reading one). */
    boolean fraction();

    /** {@code change(W)}: the price against the reference close {@code window} back. */
    record Change(String key, Window window) implements ObservedMetric {
        public Change {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(window, "window");
        }

        @Override
        public boolean fraction() {
            return true;
        }
    }

    /** {@code change_since(D)}, or {@code change_since(last_earnings)} when {@code date} is null. */
    record ChangeSince(String key, LocalDate date) implements ObservedMetric {
        public ChangeSince {
            Objects.requireNonNull(key, "key");
        }

        /** Whether the reference date is the symbol's last earnings date, known only from the state store. */
        public boolean sinceLastEarnings() {
            return date == null;
        }

        @Override
        public boolean fraction() {
            return true;
        }
    }

    /** {@code high(W)} ({@code high} true) or {@code low(W)}: the extreme of the sessions of the window before today. */
    record Extreme(String key, Window window, boolean high) implements ObservedMetric {
        public Extreme {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(window, "window");
        }

        @Override
        public boolean fraction() {
            return false;
        }
    }

    /** Any other value: {@code price}, an indicator, {@code gap}, or {@code abs(...)} of an expression. */
    record Other(String key, boolean fraction) implements ObservedMetric {
        public Other {
            Objects.requireNonNull(key, "key");
        }
    }
}
