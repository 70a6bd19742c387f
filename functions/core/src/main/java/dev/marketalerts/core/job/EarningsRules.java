package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.AlertSource;
import dev.marketalerts.core.config.EarningsRule;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.market.Instrument;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The earnings side of the rule engine: reminders due on {@code report date - N} in the
 * exchange zone (every run of that day, never late), date changes against the last snapshot, and the
 * EPS surprise as soon as an actual is known for a report that is due ({@link #actualDueAt}).
 */
public final class EarningsRules {
    /** How far back a report may lie and still produce its surprise alert. */
    public static final int SURPRISE_LOOKBACK_DAYS = 4;
    /** How far ahead the job looks for report dates when date changes are watched. */
    public static final int DATE_CHANGE_HORIZON_DAYS = 21;
    private static final LocalTime PRE_MARKET = LocalTime.of(6, 0);
    private static final LocalTime OPEN = LocalTime.of(9, 30);
    private static final LocalTime CLOSE = LocalTime.of(16, 0);

    private EarningsRules() {
    }

    /** The window of report dates the earnings job must ask for, given today's exchange date. */
    public static LocalDate[] window(List<RuleConfig> rules, LocalDate today) {
        int ahead = 0;
        for (RuleConfig r : rules) {
            if (r.isEarnings()) {
                ahead = Math.max(ahead, r.earnings().maxRemindDays());
                if (r.earnings().dateChange()) {
                    ahead = Math.max(ahead, DATE_CHANGE_HORIZON_DAYS);
                }
            }
        }
        return new LocalDate[] {today.minusDays(SURPRISE_LOOKBACK_DAYS), today.plusDays(ahead)};
    }

    /** The next report on or after {@code today}, if any. */
    public static Optional<EarningsEvent> upcoming(List<EarningsEvent> events, LocalDate today) {
        return events.stream().filter(e -> !e.date().isBefore(today)).min(Comparator.comparing(EarningsEvent::date));
    }

    /** When a report's numbers are out: the open for bmo, the close otherwise. */
    public static Instant reportedAt(EarningsEvent event, ZoneId exchangeZone) {
        LocalTime t = event.session() == EarningsSession.BMO ? OPEN : CLOSE;
        return event.date().atTime(t).atZone(exchangeZone).toInstant();
    }

    /**
     * From when an actual may be published: 06:00 for a report before the open (companies release from then on),
     * 16:00 after the close, and 09:30 when the provider did not say (it may be either, so the morning watch's last
     * ticks and the whole evening watch look for it).
     */
    public static Instant actualDueAt(EarningsEvent event, ZoneId exchangeZone) {
        LocalTime t = switch (event.session()) {
            case BMO -> PRE_MARKET;
            case AMC -> CLOSE;
            case UNKNOWN -> OPEN;
        };
        return event.date().atTime(t).atZone(exchangeZone).toInstant();
    }

    /** The snapshot to store after this run (the next date; the last passed date is kept for last_earnings). */
    public static EarningsSnapshot nextSnapshot(String symbol, EarningsSnapshot previous, List<EarningsEvent> events, LocalDate today,
                                                Instant now, ZoneId zone) {
        LocalDate lastReported = previous == null ? null : previous.lastReported();
        for (EarningsEvent e : events) {
            if (!now.isBefore(reportedAt(e, zone)) && (lastReported == null || e.date().isAfter(lastReported))) {
                lastReported = e.date();
            }
        }
        if (previous != null && previous.date() != null && previous.date().isBefore(today)
                && (lastReported == null || previous.date().isAfter(lastReported))) {
            lastReported = previous.date();
        }
        Optional<EarningsEvent> next = upcoming(events, today);
        if (next.isEmpty()) {
            return previous == null
                    ? new EarningsSnapshot(symbol, null, false, null, lastReported)
                    : new EarningsSnapshot(symbol, previous.date(), previous.confirmed(), previous.provider(), lastReported);
        }
        EarningsEvent e = next.get();
        return new EarningsSnapshot(symbol, e.date(), e.confirmed(), e.provider(), lastReported);
    }

    /** Every earnings alert one rule produces for one symbol at {@code now}. */
    public static List<Alert> evaluate(RuleConfig rule, Instrument instrument, List<EarningsEvent> events, EarningsSnapshot previous,
                                       Instant now, ZoneId exchangeZone) {
        EarningsRule spec = rule.earnings();
        LocalDate today = now.atZone(exchangeZone).toLocalDate();
        List<Alert> out = new ArrayList<>();
        Optional<EarningsEvent> next = upcoming(events, today);
        next.ifPresent(e -> {
            long daysBefore = ChronoUnit.DAYS.between(today, e.date());
            if (spec.remindDays().contains((int) daysBefore)) {
                Map<String, Object> observed = observedOf(e);
                observed.put("daysBefore", BigDecimal.valueOf(daysBefore));
                out.add(alert(rule, instrument, AlertKind.EARNINGS_REMINDER, e.date() + ":" + daysBefore + "d",
                        AlertTexts.reminderTitle(e, daysBefore), AlertTexts.reminderText(rule.id(), instrument, e, daysBefore),
                        now, observed, e.provider()));
            }
            if (spec.dateChange() && previous != null && previous.date() != null && !previous.date().isBefore(today)) {
                if (!previous.date().equals(e.date())) {
                    Map<String, Object> observed = observedOf(e);
                    observed.put("previousDate", previous.date().toString());
                    out.add(alert(rule, instrument, AlertKind.EARNINGS_DATE_CHANGE, "moved:" + previous.date() + ">" + e.date(),
                            AlertTexts.dateMovedTitle(e.symbol(), previous.date(), e.date()),
                            AlertTexts.dateChangeText(rule.id(), instrument, e, previous.date(), previous.confirmed()), now, observed, e.provider()));
                } else if (!previous.confirmed() && e.confirmed()) {
                    out.add(alert(rule, instrument, AlertKind.EARNINGS_DATE_CHANGE, "confirmed:" + e.date(),
                            AlertTexts.dateConfirmedTitle(e.symbol(), e.date()),
                            AlertTexts.dateChangeText(rule.id(), instrument, e, previous.date(), false), now, observedOf(e), e.provider()));
                }
            }
        });
        if (spec.surprise() != null) {
            for (EarningsEvent e : events) {
                if (e.epsActual() == null || e.epsEstimate() == null || e.epsEstimate().signum() == 0
                        || now.isBefore(actualDueAt(e, exchangeZone)) || e.date().isBefore(today.minusDays(SURPRISE_LOOKBACK_DAYS))) {
                    continue;
                }
                BigDecimal surprise = e.epsActual().subtract(e.epsEstimate()).divide(e.epsEstimate().abs(), MathContext.DECIMAL64);
                if (surprise.abs().compareTo(spec.surprise()) >= 0) {
                    Map<String, Object> observed = observedOf(e);
                    observed.put("surprise", surprise.setScale(4, java.math.RoundingMode.HALF_UP));
                    observed.put("threshold", spec.surprise());
                    out.add(alert(rule, instrument, AlertKind.EARNINGS_SURPRISE, e.date().toString(),
                            AlertTexts.surpriseTitle(e, surprise), AlertTexts.surpriseText(rule.id(), instrument, e, surprise, spec.surprise()),
                            now, observed, e.provider()));
                }
            }
        }
        return out;
    }

    private static Map<String, Object> observedOf(EarningsEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reportDate", e.date().toString());
        m.put("session", e.session().name().toLowerCase(java.util.Locale.ROOT));
        m.put("confirmed", e.confirmed());
        if (e.fiscalPeriod() != null) {
            m.put("fiscalPeriod", e.fiscalPeriod());
        }
        if (e.epsEstimate() != null) {
            m.put("epsEstimate", e.epsEstimate());
        }
        if (e.epsActual() != null) {
            m.put("epsActual", e.epsActual());
        }
        return m;
    }

    private static Alert alert(RuleConfig rule, Instrument instrument, AlertKind kind, String occurrence, String title, String text,
                               Instant now, Map<String, Object> observed, String provider) {
        return new Alert(Alert.VERSION, AlertIds.of(rule.id(), instrument.symbol(), kind, occurrence), rule.id(), instrument.symbol(),
                kind, rule.severity(), title, text, now, observed, new AlertSource(provider, now));
    }
}
