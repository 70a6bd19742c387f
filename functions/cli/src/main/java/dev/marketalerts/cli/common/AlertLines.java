package dev.marketalerts.cli.common;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The readable one-line form of an alert, for people at a terminal:
 * {@code 2026-02-18 07:00 EST  NVDA     earnings-reminder     NVDA reports earnings in 7 days (2026-02-25, after the close)}.
 */
public final class AlertLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT);

    private AlertLines() {
    }

    public static String line(Alert alert, ZoneId zone) {
        String severity = alert.severity() == Severity.INFO ? "" : "[" + alert.severity().wireName().toUpperCase(Locale.ROOT) + "] ";
        return String.format(Locale.ROOT, "%s  %-7s  %-20s  %s%s", time(alert.triggeredAt(), zone), alert.symbol(), alert.kind().wireName(),
                severity, alert.title());
    }

    /** {@code 2026-02-18 07:00 EST}. */
    public static String time(Instant instant, ZoneId zone) {
        return TIME.format(instant.atZone(zone));
    }
}
