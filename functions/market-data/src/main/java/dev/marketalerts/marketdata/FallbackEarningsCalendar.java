package dev.marketalerts.marketdata;

import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.job.EarningsCalendar;
import dev.marketalerts.core.job.EarningsRules;
import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.marketdata.http.CircuitBreaker;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.Secrets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The live {@link EarningsCalendar}: asks the providers of the {@code earnings} chain in order; each symbol
 * takes its events from the first provider that answers for it (its primary). Several rows of one provider
 * for the same symbol and date are merged ({@link DuplicateReports}).
 *
 * <p>A date is confirmed only when its provider marks it so or two providers agree: with cross-checking on,
 * the next provider that answers is asked too; when it dates the same report the same day the date is
 * confirmed (and a time of day the primary lacked is filled in), when it dates it differently the primary's
 * date is kept, unconfirmed, with a warning naming both dates. A date on which NYSE is closed (weekend or
 * holiday) is never confirmed and is reported in a warning.
 *
 * <p>A report that is due but has no actual at its primary is looked up, for that symbol only, at the providers
 * after it in the chain ({@link #fillActuals}).
 */
public final class FallbackEarningsCalendar implements EarningsCalendar {
    private static final System.Logger LOG = System.getLogger(FallbackEarningsCalendar.class.getName());
    /** Two dates this close are taken to be the same quarterly report. */
    private static final long SAME_REPORT_DAYS = 30;
    private static final TradingCalendar EXCHANGE = TradingCalendar.forMarket(Market.US_EQUITY);

    private final Map<String, EarningsSource> sources;
    private final Map<String, CircuitBreaker> breakers;
    private final List<String> chain;
    private final boolean crossCheck;
    private final Clock clock;
    private final Secrets secrets;

    public FallbackEarningsCalendar(Map<String, EarningsSource> sources, Map<String, CircuitBreaker> breakers, List<String> chain,
            boolean crossCheck, Clock clock, Secrets secrets) {
        this.sources = Map.copyOf(sources);
        this.breakers = Map.copyOf(breakers);
        this.chain = List.copyOf(chain);
        this.crossCheck = crossCheck;
        this.clock = clock;
        this.secrets = secrets;
    }

    public List<String> chain() {
        return chain;
    }

    @Override
    public Fetched<List<EarningsEvent>> events(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf) {
        if (symbols.isEmpty()) {
            return Fetched.ok(List.of());
        }
        Set<String> remaining = new TreeSet<>(symbols);
        Map<String, String> primaryOf = new TreeMap<>();
        Map<String, List<EarningsEvent>> eventsOf = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        for (String name : chain) {
            if (remaining.isEmpty()) {
                break;
            }
            Optional<EarningsResult> result = ask(name, remaining, from, to, asOf, problems);
            if (result.isEmpty()) {
                continue;
            }
            warnings.addAll(result.get().warnings());
            for (String s : result.get().answered()) {
                if (remaining.remove(s)) {
                    primaryOf.put(s, name);
                    eventsOf.put(s, new ArrayList<>());
                }
            }
            for (EarningsEvent e : result.get().events()) {
                if (name.equals(primaryOf.get(e.symbol()))) {
                    eventsOf.get(e.symbol()).add(e);
                }
            }
        }
        if (primaryOf.isEmpty()) {
            String why = problems.isEmpty() ? "no earnings provider configured" : String.join("; ", problems);
            return Fetched.failed(secrets.redact("earnings " + from + ".." + to + ": " + why));
        }
        if (crossCheck) {
            crossCheck(primaryOf, eventsOf, from, to, asOf, warnings);
        }
        eventsOf.values().forEach(events -> events.replaceAll(e -> onTradingDay(e, warnings)));
        fillActuals(primaryOf, eventsOf, asOf, warnings);
        List<String> notes = new ArrayList<>();
        problems.forEach(p -> notes.add(secrets.redact(p)));
        warnings.forEach(w -> notes.add(secrets.redact(w)));
        if (!remaining.isEmpty()) {
            notes.add("no earnings provider answered for " + String.join(", ", remaining));
        }
        List<EarningsEvent> all = new ArrayList<>();
        eventsOf.values().forEach(all::addAll);
        all.sort(Comparator.comparing(EarningsEvent::date).thenComparing(EarningsEvent::symbol));
        return new Fetched.Ok<>(all, notes);
    }

    /**
     * Reports that are due at {@code asOf} but whose primary has no actual yet: the providers after the primary in the
     * chain are asked, in order, for those symbols only and over those dates, until each has its actual. A report that
     * takes its actual from another provider takes that provider's estimate too when it has one (one provider's pair of
     * numbers), and names that provider, so the surprise alert says where the actual came from.
     */
    private void fillActuals(Map<String, String> primaryOf, Map<String, List<EarningsEvent>> eventsOf, Instant asOf, List<String> warnings) {
        ZoneId zone = Market.US_EQUITY.zone();
        LocalDate oldest = asOf.atZone(zone).toLocalDate().minusDays(EarningsRules.SURPRISE_LOOKBACK_DAYS);
        Map<String, Set<String>> lackingByPrimary = new TreeMap<>();
        eventsOf.forEach((symbol, events) -> events.stream()
                .filter(e -> e.epsActual() == null && !e.date().isBefore(oldest) && !asOf.isBefore(EarningsRules.actualDueAt(e, zone)))
                .findAny()
                .ifPresent(e -> lackingByPrimary.computeIfAbsent(primaryOf.get(symbol), p -> new TreeSet<>()).add(symbol)));
        for (Map.Entry<String, Set<String>> group : lackingByPrimary.entrySet()) {
            Set<String> lacking = new TreeSet<>(group.getValue());
            for (String other : chain.subList(chain.indexOf(group.getKey()) + 1, chain.size())) {
                if (lacking.isEmpty()) {
                    break;
                }
                List<EarningsEvent> due = lacking.stream().flatMap(s -> eventsOf.get(s).stream())
                        .filter(e -> e.epsActual() == null && !e.date().isBefore(oldest) && !asOf.isBefore(EarningsRules.actualDueAt(e, zone)))
                        .toList();
                LocalDate from = due.stream().map(EarningsEvent::date).min(Comparator.naturalOrder()).orElseThrow();
                LocalDate to = due.stream().map(EarningsEvent::date).max(Comparator.naturalOrder()).orElseThrow();
                List<String> problems = new ArrayList<>();
                Optional<EarningsResult> answer = ask(other, lacking, from, to, asOf, problems);
                problems.forEach(p -> warnings.add("actuals of " + String.join(", ", lacking) + " not found at " + other + ": " + p));
                if (answer.isEmpty()) {
                    continue;
                }
                for (String symbol : Set.copyOf(lacking)) {
                    List<EarningsEvent> ours = eventsOf.get(symbol);
                    boolean stillLacking = false;
                    for (int i = 0; i < ours.size(); i++) {
                        EarningsEvent e = ours.get(i);
                        if (e.epsActual() != null || e.date().isBefore(oldest) || asOf.isBefore(EarningsRules.actualDueAt(e, zone))) {
                            continue;
                        }
                        Optional<EarningsEvent> theirs = answer.get().events().stream()
                                .filter(t -> t.symbol().equals(symbol) && t.date().equals(e.date()) && t.epsActual() != null).findFirst();
                        if (theirs.isEmpty()) {
                            stillLacking = true;
                            continue;
                        }
                        EarningsEvent t = theirs.get();
                        ours.set(i, new EarningsEvent(symbol, e.date(), e.session() == EarningsSession.UNKNOWN ? t.session() : e.session(),
                                e.fiscalPeriod() != null ? e.fiscalPeriod() : t.fiscalPeriod(),
                                t.epsEstimate() != null ? t.epsEstimate() : e.epsEstimate(), t.epsActual(), e.confirmed(), other));
                        warnings.add(symbol + " " + e.date() + ": actual " + t.epsActual().toPlainString() + " from " + other + " ("
                                + group.getKey() + " has none yet)");
                    }
                    if (!stillLacking) {
                        lacking.remove(symbol);
                    }
                }
            }
        }
    }

    private Optional<EarningsResult> ask(String name, Set<String> symbols, LocalDate from, LocalDate to, Instant asOf,
            List<String> problems) {
        EarningsSource source = sources.get(name);
        if (source == null) {
            problems.add(name + ": not an earnings provider; skipped");
            return Optional.empty();
        }
        CircuitBreaker breaker = breakers.get(name);
        if (breaker != null && !breaker.tryAcquire()) {
            problems.add(name + ": skipped, circuit open after repeated failures (until " + breaker.openUntil() + ")");
            return Optional.empty();
        }
        try {
            EarningsResult result = source.fetch(Set.copyOf(symbols), from, to, asOf);
            if (breaker != null) {
                breaker.onSuccess();
            }
            List<String> warnings = new ArrayList<>(result.warnings());
            List<EarningsEvent> events = DuplicateReports.merge(result.events(), warnings);
            return Optional.of(new EarningsResult(events, result.answered(), warnings));
        } catch (ProviderException e) {
            if (breaker != null) {
                if (e.retryAfter() != null && !e.retryAfter().isZero()) {
                    breaker.openUntil(clock.instant().plus(e.retryAfter()));
                } else if (e.kind().tripsBreaker()) {
                    breaker.onFailure();
                } else {
                    breaker.onNeutral();
                }
            }
            problems.add(e.getMessage());
            LOG.log(System.Logger.Level.DEBUG, () -> secrets.redact(e.getMessage()));
            return Optional.empty();
        } catch (RuntimeException e) {
            if (breaker != null) {
                breaker.onFailure();
            }
            problems.add(name + ": unexpected " + e);
            return Optional.empty();
        }
    }

    /** Asks, per primary provider, the next provider that answers, and compares the dates of the same reports. */
    private void crossCheck(Map<String, String> primaryOf, Map<String, List<EarningsEvent>> eventsOf, LocalDate from, LocalDate to,
            Instant asOf, List<String> warnings) {
        Map<String, Set<String>> byPrimary = new LinkedHashMap<>();
        primaryOf.forEach((symbol, provider) -> {
            if (!eventsOf.get(symbol).isEmpty()) {
                byPrimary.computeIfAbsent(provider, p -> new TreeSet<>()).add(symbol);
            }
        });
        for (Map.Entry<String, Set<String>> group : byPrimary.entrySet()) {
            String primary = group.getKey();
            List<String> problems = new ArrayList<>();
            boolean checked = false;
            for (String other : chain.subList(chain.indexOf(primary) + 1, chain.size())) {
                Optional<EarningsResult> second = ask(other, group.getValue(), from, to, asOf, problems);
                if (second.isEmpty()) {
                    continue;
                }
                compare(primary, other, group.getValue(), second.get(), eventsOf, warnings);
                checked = true;
                break;
            }
            if (!checked && !problems.isEmpty()) {
                warnings.add("dates of " + String.join(", ", group.getValue()) + " from " + primary + " not cross-checked: "
                        + String.join("; ", problems));
            }
        }
    }

    private static void compare(String primary, String other, Set<String> symbols, EarningsResult second,
            Map<String, List<EarningsEvent>> eventsOf, List<String> warnings) {
        Set<String> answered = new HashSet<>(second.answered());
        for (String symbol : symbols) {
            if (!answered.contains(symbol)) {
                continue;
            }
            List<EarningsEvent> theirs = second.events().stream().filter(e -> e.symbol().equals(symbol)).toList();
            List<EarningsEvent> ours = eventsOf.get(symbol);
            for (int i = 0; i < ours.size(); i++) {
                EarningsEvent e = ours.get(i);
                Optional<EarningsEvent> nearest = theirs.stream()
                        .filter(t -> Math.abs(ChronoUnit.DAYS.between(e.date(), t.date())) <= SAME_REPORT_DAYS)
                        .min(Comparator.comparingLong((EarningsEvent t) -> Math.abs(ChronoUnit.DAYS.between(e.date(), t.date())))
                                .thenComparing(EarningsEvent::date));
                if (nearest.isEmpty()) {
                    continue;
                }
                EarningsEvent t = nearest.get();
                if (!t.date().equals(e.date())) {
                    ours.set(i, e.withConfirmed(false));
                    warnings.add(symbol + ": " + primary + " dates the report " + e.date() + ", " + other + " dates it " + t.date()
                            + "; keeping " + primary + "'s date, marked unconfirmed");
                    continue;
                }
                EarningsSession session = e.session();
                if (session == EarningsSession.UNKNOWN && t.session() != EarningsSession.UNKNOWN) {
                    session = t.session();
                    warnings.add(symbol + " " + e.date() + ": time of day " + session.name().toLowerCase(Locale.ROOT)
                            + " from " + other + " (" + primary + " did not supply it)");
                }
                ours.set(i, new EarningsEvent(e.symbol(), e.date(), session, e.fiscalPeriod(), e.epsEstimate(), e.epsActual(), true,
                        e.provider()));
            }
        }
    }

    /** A report dated on a day the exchange is closed is a guess or an error, never a confirmed date. */
    private static EarningsEvent onTradingDay(EarningsEvent e, List<String> warnings) {
        if (EXCHANGE.isTradingDay(e.date())) {
            return e;
        }
        DayOfWeek day = e.date().getDayOfWeek();
        String closed = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY
                ? "a " + day.name().charAt(0) + day.name().substring(1).toLowerCase(Locale.ROOT) : "an NYSE holiday";
        warnings.add(e.symbol() + ": " + e.provider() + " dates the report " + e.date() + ", " + closed + " (the exchange is closed)"
                + "; not confirmed");
        return e.withConfirmed(false);
    }
}
