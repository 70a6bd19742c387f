package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The earnings part of one tick: which symbols' reports the run looks at, the refresh of the kept calendar
 * ({@link CalendarRefresh} decides what is fetched), and the alerts and snapshots of the earnings rules. What it finds
 * goes into an {@link Outcome} that the tick delivers and saves like the price rules' findings.
 */
final class EarningsTick {
    private static final ZoneId EXCHANGE_ZONE = Market.US_EQUITY.zone();

    /** An alert of an earnings rule with the symbol whose snapshot waits for its delivery. */
    record Fired(Alert alert, String symbol) {
    }

    /** What the earnings rules found, in the order found. */
    static final class Outcome {
        /** Symbols the job watches (a routine run), those the tick looked at, and those without usable data (why). */
        final Set<String> universe = new LinkedHashSet<>();
        final Set<String> watched = new LinkedHashSet<>();
        final Map<String, String> missing = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        int evaluated;
        int triggered;
        final List<Fired> fired = new ArrayList<>();
        final List<EarningsSnapshot> snapshots = new ArrayList<>();
    }

    private final AlertsConfig config;
    private final EarningsCalendar earnings;
    private final AlertStateStore store;
    private final AlertJob.JobListener listener;
    private final Instant now;
    private final Function<String, Optional<Instrument>> instruments;
    private final List<RuleConfig> rules;
    private final Set<String> symbols;
    private final Outcome out = new Outcome();

    /**
     * {@code instruments} looks a symbol up in the watchlist ({@link AlertsConfig#instrument}, kept as a map by the job);
     * {@code rules} and {@code symbols} are {@link #rules(AlertsConfig)} and {@link #symbols}, which the job works out once.
     */
    EarningsTick(AlertsConfig config, EarningsCalendar earnings, AlertStateStore store, AlertJob.JobListener listener,
                 Instant now, Function<String, Optional<Instrument>> instruments, List<RuleConfig> rules, Set<String> symbols) {
        this.config = config;
        this.instruments = instruments;
        this.rules = rules;
        this.symbols = symbols;
        this.earnings = earnings;
        this.store = store;
        this.listener = listener;
        this.now = now;
    }

    /** The earnings rules of {@code config}, in its order. */
    static List<RuleConfig> rules(AlertsConfig config) {
        // Loops, not streams: the price function builds its job on a cold start, where each lambda is spun up first.
        List<RuleConfig> rules = new ArrayList<>();
        for (RuleConfig r : config.rules()) {
            if (r.isEarnings()) {
                rules.add(r);
            }
        }
        return List.copyOf(rules);
    }

    /** The US equities of the earnings rules, in the rules' order (an unmodifiable set). */
    static Set<String> symbols(List<RuleConfig> rules, Map<String, Instrument> watchlist) {
        Set<String> symbols = new LinkedHashSet<>();
        for (RuleConfig r : rules) {
            for (String s : r.symbols()) {
                Instrument i = watchlist.get(s);
                if (i != null && i.market() == Market.US_EQUITY) {
                    symbols.add(s);
                }
            }
        }
        return java.util.Collections.unmodifiableSet(symbols);
    }

    /** Runs the earnings rules of a routine run, or of a report-day watch tick when {@code watch}. */
    Outcome run(boolean watch) {
        if (!watch) {
            out.universe.addAll(symbols);
            out.watched.addAll(symbols);
        }
        if (symbols.isEmpty()) {
            return out;
        }
        LocalDate today = now.atZone(EXCHANGE_ZONE).toLocalDate();
        LocalDate[] window = EarningsRules.window(rules, today);
        EarningsCalendarCache cache;
        try {
            cache = store.earningsCalendar().orElse(null);
        } catch (StateStoreException e) {
            if (watch) {
                // Without the kept calendar a watch tick cannot tell what is due; the routine runs fetch what is needed.
                out.problems.add("reading the kept earnings calendar: " + e.getMessage() + " (this watch tick asks no provider)");
                return out;
            }
            out.problems.add("reading the kept earnings calendar: " + e.getMessage() + " (fetching the whole window)");
            cache = null;
        }
        CalendarRefresh.Plan plan = watch && cache != null ? CalendarRefresh.watch(cache, symbols, now, EXCHANGE_ZONE)
                : CalendarRefresh.routine(cache, symbols, window[0], window[1], now, EXCHANGE_ZONE,
                TradingCalendar.forMarket(Market.US_EQUITY));
        if (watch && plan.isEmpty()) {
            return out;
        }
        Set<String> evaluate = watch && !plan.cold() ? new LinkedHashSet<>() : symbols;
        if (evaluate.isEmpty()) {
            plan.pages().values().forEach(evaluate::addAll);
        }
        if (watch) {
            out.watched.addAll(evaluate);
        }
        cache = refresh(cache, plan, symbols, window, evaluate);
        if (cache == null) {
            return out;
        }
        List<EarningsEvent> all = cache.events(window[0], window[1], today);
        for (String symbol : evaluate) {
            List<EarningsEvent> events = all.stream().filter(e -> e.symbol().equals(symbol)).toList();
            EarningsSnapshot previous = store.earningsSnapshot(symbol).orElse(null);
            Instrument instrument = instruments.apply(symbol).orElseThrow();
            for (RuleConfig rule : rules) {
                if (!rule.symbols().contains(symbol) || TriggerPolicy.expired(rule, now, config.timezone())) {
                    continue;
                }
                out.evaluated++;
                for (Alert alert : EarningsRules.evaluate(rule, instrument, events, previous, now, EXCHANGE_ZONE)) {
                    // The watch sends surprises; reminders and date changes are the routine runs'.
                    if (!watch || alert.kind() == AlertKind.EARNINGS_SURPRISE) {
                        out.triggered++;
                        out.fired.add(new Fired(alert, symbol));
                    }
                }
            }
            EarningsSnapshot next = EarningsRules.nextSnapshot(symbol, previous, events, today, now, EXCHANGE_ZONE);
            if (!next.equals(previous)) {
                out.snapshots.add(next);
            }
        }
        return out;
    }

    /**
     * Fetches what the plan asks for and keeps it; returns the calendar to evaluate, the kept one when the providers
     * failed (the failure is reported all the same), or null when there is none.
     */
    private EarningsCalendarCache refresh(EarningsCalendarCache cache, CalendarRefresh.Plan plan, Set<String> symbols,
                                          LocalDate[] window, Set<String> asked) {
        Map<LocalDate, Set<String>> pages = new TreeMap<>(plan.pages());
        if (plan.cold()) {
            for (LocalDate d = window[0]; !d.isAfter(window[1]); d = d.plusDays(1)) {
                pages.put(d, Set.copyOf(symbols));
            }
        }
        List<EarningsEvent> fetched = new ArrayList<>();
        Map<LocalDate, Set<String>> answered = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (List<LocalDate> run : contiguous(pages)) {
            Set<String> who = new TreeSet<>();
            run.forEach(d -> who.addAll(pages.get(d)));
            Fetched<List<EarningsEvent>> result = earnings.events(who, run.get(0), run.get(run.size() - 1), now);
            if (result instanceof Fetched.Failed<List<EarningsEvent>> failure) {
                failures.add(failure.reason());
                continue;
            }
            Fetched.Ok<List<EarningsEvent>> ok = (Fetched.Ok<List<EarningsEvent>>) result;
            ok.warnings().forEach(w -> listener.providerFailed("earnings", w));
            fetched.addAll(ok.value());
            run.forEach(d -> answered.put(d, pages.get(d)));
        }
        for (String reason : failures) {
            String kept = cache == null ? "" : " (the kept calendar is used for the dates not fetched)";
            out.problems.add("earnings calendar: " + reason + kept);
            listener.providerFailed("earnings", reason);
            asked.forEach(s -> out.missing.merge(s, "earnings calendar failed: " + reason, (a, b) -> a + "; " + b));
        }
        if (answered.isEmpty()) {
            return cache;
        }
        EarningsCalendarCache next = CalendarRefresh.merge(cache, symbols, answered, fetched, now, window[0]);
        try {
            store.saveEarningsCalendar(next);
        } catch (StateStoreException e) {
            out.problems.add("saving the earnings calendar: " + e.getMessage() + " (the next run fetches these dates again)");
        }
        return next;
    }

    /** The planned dates in runs of consecutive days asked for the same symbols, so a range provider is asked once per run. */
    private static List<List<LocalDate>> contiguous(Map<LocalDate, Set<String>> pages) {
        List<List<LocalDate>> runs = new ArrayList<>();
        List<LocalDate> current = null;
        for (LocalDate d : pages.keySet()) {
            if (current == null || !current.get(current.size() - 1).plusDays(1).equals(d)
                    || !pages.get(current.get(0)).equals(pages.get(d))) {
                current = new ArrayList<>();
                runs.add(current);
            }
            current.add(d);
        }
        return runs;
    }
}
