package dev.marketalerts.core.job;

import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.ObservedMetric;
import dev.marketalerts.core.rules.Window;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Titles and texts of alerts: short, specific, and saying why the alert fired. */
public final class AlertTexts {
    private static final DateTimeFormatter AS_OF = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private AlertTexts() {
    }

    /**
     * A change is titled by its direction, size and span; a crossing quotes the condition from {@code crosses} on; a
     * price beyond a high or low it is compared with is a new high or low; anything else repeats the condition.
     */
    public static String priceTitle(Instrument instrument, Condition condition, Map<String, BigDecimal> observed) {
        String symbol = instrument.symbol();
        String conditionText = condition.text();
        Map<String, ObservedMetric> metrics = byKey(condition);
        for (Map.Entry<String, BigDecimal> e : observed.entrySet()) {
            ObservedMetric metric = metrics.get(e.getKey());
            String span = metric instanceof ObservedMetric.ChangeSince c
                    ? "since " + (c.sinceLastEarnings() ? "last earnings" : c.date().toString())
                    : metric instanceof ObservedMetric.Change c ? "over " + window(c.window()) : null;
            if (span != null) {
                String direction = e.getValue().signum() >= 0 ? "up" : "down";
                return symbol + " " + direction + " " + percent(e.getValue().abs()) + " " + span;
            }
        }
        BigDecimal price = observed.get("price");
        if (conditionText.contains(" crosses ")) {
            String crossing = conditionText.substring(conditionText.indexOf(" crosses ") + 1);
            return symbol + " " + crossing.replaceFirst("^crosses", "crossed") + (price != null ? " (" + money(price) + ")" : "");
        }
        for (Map.Entry<String, BigDecimal> e : observed.entrySet()) {
            if (price != null && metrics.get(e.getKey()) instanceof ObservedMetric.Extreme x
                    && price.compareTo(e.getValue()) == (x.high() ? 1 : -1)) {
                boolean high = x.high();
                return symbol + " at a new " + extremeSpan(x.window()) + (high ? " high (" : " low (") + money(price)
                        + (high ? ", above " : ", below ") + money(e.getValue()) + ")";
            }
        }
        return symbol + ": " + conditionText + (price != null ? " (price " + money(price) + ")" : "");
    }

    public static String priceText(String ruleId, Instrument instrument, Condition condition, Map<String, BigDecimal> observed,
                                   String provider, Instant asOf, ZoneId zone) {
        Map<String, ObservedMetric> metrics = byKey(condition);
        StringJoiner values = new StringJoiner(", ");
        for (Map.Entry<String, BigDecimal> e : observed.entrySet()) {
            ObservedMetric metric = metrics.get(e.getKey());
            values.add(e.getKey() + " " + (metric != null && metric.fraction() ? signedPercent(e.getValue()) : money(e.getValue())));
        }
        return instrument.name() + " (" + instrument.symbol() + "): rule " + ruleId + " [" + condition.text() + "] holds. Observed: "
                + values + ". Data: " + provider + " as of " + AS_OF.format(asOf.atZone(zone)) + ".";
    }

    /** The condition's observed values by their key in an evaluation's observed map. */
    private static Map<String, ObservedMetric> byKey(Condition condition) {
        Map<String, ObservedMetric> metrics = new HashMap<>();
        for (ObservedMetric m : condition.observedMetrics()) {
            metrics.put(m.key(), m);
        }
        return metrics;
    }

    public static String reminderTitle(EarningsEvent event, long daysBefore) {
        String when = daysBefore == 0 ? "today" : daysBefore == 1 ? "tomorrow" : "in " + daysBefore + " days";
        return event.symbol() + " reports earnings " + when + " (" + event.date() + ", " + event.session().phrase() + ")";
    }

    public static String reminderText(String ruleId, Instrument instrument, EarningsEvent event, long daysBefore) {
        StringBuilder b = new StringBuilder()
                .append(instrument.name()).append(" (").append(event.symbol()).append(") reports ")
                .append(event.fiscalPeriod() != null ? "fiscal " + event.fiscalPeriod() + " " : "")
                .append("earnings on ").append(event.date()).append(", ").append(event.session().phrase()).append('.');
        if (event.epsEstimate() != null) {
            b.append(" EPS estimate ").append(money(event.epsEstimate())).append('.');
        }
        if (!event.confirmed()) {
            b.append(" The date is not confirmed (estimated, or providers disagree).");
        }
        return b.append(" Reminder ").append(daysBefore).append("d before, rule ").append(ruleId)
                .append("; source ").append(event.provider()).append('.').toString();
    }

    public static String dateMovedTitle(String symbol, LocalDate from, LocalDate to) {
        return symbol + " earnings date moved: " + from + " -> " + to;
    }

    public static String dateConfirmedTitle(String symbol, LocalDate date) {
        return symbol + " earnings date confirmed: " + date;
    }

    public static String dateChangeText(String ruleId, Instrument instrument, EarningsEvent event, LocalDate previous, boolean previousConfirmed) {
        String was = previous.equals(event.date())
                ? "was estimated, is now confirmed"
                : "was " + previous + (previousConfirmed ? "" : " (estimated)") + ", is now " + event.date() + ", " + event.session().phrase()
                        + (event.confirmed() ? "" : " (not confirmed)");
        return instrument.name() + " (" + event.symbol() + ") earnings date " + was + ". Rule " + ruleId + "; source " + event.provider() + ".";
    }

    public static String surpriseTitle(EarningsEvent event, BigDecimal surprise) {
        String verb = surprise.signum() >= 0 ? "beat" : "missed";
        return event.symbol() + " " + verb + " the EPS estimate by " + percent(surprise.abs()) + " ("
                + money(event.epsActual()) + " vs " + money(event.epsEstimate()) + ")";
    }

    public static String surpriseText(String ruleId, Instrument instrument, EarningsEvent event, BigDecimal surprise, BigDecimal threshold) {
        return instrument.name() + " (" + event.symbol() + ") reported EPS " + money(event.epsActual()) + " against an estimate of "
                + money(event.epsEstimate()) + " on " + event.date() + " (" + event.session().phrase() + "): surprise "
                + signedPercent(surprise) + ", at or above the rule's " + percent(threshold) + ". Rule " + ruleId + "; source "
                + event.provider() + ".";
    }

    /** 0.4712 -> "47.1%". */
    public static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    static String signedPercent(BigDecimal fraction) {
        return (fraction.signum() > 0 ? "+" : "") + percent(fraction);
    }

    static String money(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
    }

    /** {@code 20d} -> "20-session", {@code 52w} -> "52-week", {@code ytd} -> "year-to-date". */
    private static String extremeSpan(Window w) {
        String unit = switch (w.unit()) {
            case DAYS -> "session";
            case WEEKS -> "week";
            case MONTHS -> "month";
            case YTD -> null;
        };
        return unit == null ? "year-to-date" : w.n() + "-" + unit;
    }

    /** {@code 1d} -> "1 session", {@code 3m} -> "3 months", {@code ytd} -> "the year to date". */
    private static String window(Window w) {
        int n = w.n();
        return switch (w.unit()) {
            case DAYS -> n + (n == 1 ? " session" : " sessions");
            case WEEKS -> n + (n == 1 ? " week" : " weeks");
            case MONTHS -> n + (n == 1 ? " month" : " months");
            case YTD -> "the year to date";
        };
    }
}
