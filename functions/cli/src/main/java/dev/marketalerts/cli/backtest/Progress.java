package dev.marketalerts.cli.backtest;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;

/** The progress line of a backtest on a terminal: how far, how many alerts, time elapsed and an estimate of the time left. */
public final class Progress {
    private Progress() {
    }

    public static String line(LocalDate reached, long daysDone, long daysTotal, int alerts, Duration elapsed) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "backtest: through %s (%,d of %,d days, %d%%), %,d alert%s, %s elapsed",
                reached, daysDone, daysTotal, daysTotal == 0 ? 100 : daysDone * 100 / daysTotal, alerts, alerts == 1 ? "" : "s",
                clock(elapsed)));
        if (daysDone > 0 && daysDone < daysTotal) {
            b.append(", about ").append(clock(elapsed.multipliedBy(daysTotal - daysDone).dividedBy(daysDone))).append(" left");
        }
        return b.toString();
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
