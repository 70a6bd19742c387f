package dev.marketalerts.core.job;

import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.Instrument;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.StringJoiner;

/** Titles and texts of alerts: short, specific, and saying why the alert fired. */
public final class AlertTexts {
    private static final DateTimeFormatter AS_OF = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private AlertTexts() {
    }

    public static String priceTitle(Instrument instrument, String conditionText, Map<String, BigDecimal> observed) {
        String symbol = instrument.symbol();
        for (Map.Entry<String, BigDecimal> e : observed.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("change_since(") || key.startsWith("change(")) {
                String direction = e.getValue().signum() >= 0 ? "up" : "down";
                String span = key.startsWith("change_since(")
                        ? "since " + key.substring("change_since(".length(), key.length() - 1).replace("last_earnings", "last earnings")
                        : "over " + window(key.substring("change(".length(), key.length() - 1));
                return symbol + " " + direction + " " + percent(e.getValue().abs()) + " " + span;
            }
        }
        BigDecimal price = observed.get("price");
        if (conditionText.contains(" crosses ")) {
            String crossing = conditionText.substring(conditionText.indexOf(" crosses ") + 1);
            return symbol + " " + crossing.replaceFirst("^crosses", "crossed") + (price != null ? " (" + money(price) + ")" : "");
        }
        for (Map.Entry<String, BigDecimal> e : observed.entrySet()) {
            String key = e.getKey();
            boolean high = key.startsWith("high(");
            if (price != null && (high || key.startsWith("low(")) && price.compareTo(e.getValue()) == (high ? 1 : -1)) {
                String span = extremeSpan(key.substring(key.indexOf('(') + 1, key.length() - 1));
                return symbol + " at a new " + span + (high ? " high (" : " low (") + money(price) + (high ? ", above " : ", below ")
                        + money(e.getValue()) + ")";
            }
        }
        return symbol + ": " + conditionText + (price != null ? " (price " + money(price) + ")" : "");
    }

    public static String priceText(String ruleId, Instrument instrument, String conditionText, Map<String, BigDecimal> observed,
                                   String provider, Instant asOf, ZoneId zone) {
        StringJoiner values = new StringJoiner(", ");
        observed.forEach((k, v) -> values.add(k + " " + (isFraction(k) ? signedPercent(v) : money(v))));
        return instrument.name() + " (" + instrument.symbol() + "): rule " + ruleId + " [" + conditionText + "] holds. Observed: "
                + values + ". Data: " + provider + " as of " + AS_OF.format(asOf.atZone(zone)) + ".";
    }

    /** Change and gap metrics (also under abs) are fractions, shown as percentages. */
    private static boolean isFraction(String metric) {
        return metric.contains("change") || metric.contains("gap");
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
    private static String extremeSpan(String w) {
        if (w.equals("ytd")) {
            return "year-to-date";
        }
        String unit = switch (w.charAt(w.length() - 1)) {
            case 'd' -> "session";
            case 'w' -> "week";
            default -> "month";
        };
        return w.substring(0, w.length() - 1) + "-" + unit;
    }

    private static String window(String w) {
        if (w.equals("ytd")) {
            return "the year to date";
        }
        int n = Integer.parseInt(w.substring(0, w.length() - 1).isEmpty() ? "1" : w.substring(0, w.length() - 1));
        String unit = switch (w.charAt(w.length() - 1)) {
            case 'd' -> n == 1 ? "session" : "sessions";
            case 'w' -> n == 1 ? "week" : "weeks";
            case 'm' -> n == 1 ? "month" : "months";
            default -> w;
        };
        return n + " " + unit;
    }
}
