package dev.marketalerts.core.job;

import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.market.EarningsEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which pages of the kept earnings calendar a run fetches again. A routine run fetches at most
 * {@link #ROUTINE_PAGES} trading dates: first the dates of due reports still without their actual, then dates never
 * fetched (the window moves by a day each day), then today's page and the stalest future pages, oldest first, once
 * they are {@link #STALE_AFTER} old. Pages of past dates are kept as fetched unless a due actual is missing. Without
 * a calendar for the same symbols the whole window is fetched (a cold run). A watch run fetches only the dates of
 * due reports without an actual, for those symbols only.
 */
public final class CalendarRefresh {
    public static final int ROUTINE_PAGES = 3;
    public static final Duration STALE_AFTER = Duration.ofHours(12);

    private CalendarRefresh() {
    }

    /** What a run asks the providers for: a cold run's whole window, or some dates for some symbols. */
    public record Plan(boolean cold, Map<LocalDate, Set<String>> pages) {
        public Plan {
            pages = java.util.Collections.unmodifiableMap(new TreeMap<>(pages));
        }

        public boolean isEmpty() {
            return !cold && pages.isEmpty();
        }
    }

    /** Reports of {@code symbols} dated within [from, to] that are due at {@code now} and still lack their actual, by date. */
    public static Map<LocalDate, Set<String>> missingActuals(EarningsCalendarCache cache, Set<String> symbols, LocalDate from,
                                                             LocalDate to, Instant now, ZoneId zone) {
        Map<LocalDate, Set<String>> out = new TreeMap<>();
        if (cache == null) {
            return out;
        }
        for (EarningsEvent e : cache.events(from, to, now.atZone(zone).toLocalDate())) {
            if (symbols.contains(e.symbol()) && e.epsActual() == null && !now.isBefore(EarningsRules.actualDueAt(e, zone))) {
                out.computeIfAbsent(e.date(), d -> new TreeSet<>()).add(e.symbol());
            }
        }
        return out;
    }

    public static Plan routine(EarningsCalendarCache cache, Set<String> symbols, LocalDate from, LocalDate to, Instant now, ZoneId zone,
                               TradingCalendar calendar) {
        if (cache == null || !cache.symbols().equals(Set.copyOf(symbols))) {
            return new Plan(true, Map.of());
        }
        LocalDate today = now.atZone(zone).toLocalDate();
        Map<LocalDate, Set<String>> plan = new TreeMap<>();
        Set<String> all = new TreeSet<>(symbols);
        for (Map.Entry<LocalDate, Set<String>> e : missingActuals(cache, symbols, from, today, now, zone).entrySet()) {
            if (plan.size() < ROUTINE_PAGES) {
                plan.put(e.getKey(), all);
            }
        }
        List<LocalDate> candidates = new ArrayList<>();
        for (LocalDate d = today; !d.isAfter(to); d = d.plusDays(1)) {
            if (calendar.isTradingDay(d) && !cache.pages().containsKey(d)) {
                candidates.add(d);
            }
        }
        List<LocalDate> stale = new ArrayList<>();
        for (LocalDate d = today; !d.isAfter(to); d = d.plusDays(1)) {
            EarningsCalendarCache.Page page = cache.pages().get(d);
            if (page != null && calendar.isTradingDay(d) && !page.fetchedAt().plus(STALE_AFTER).isAfter(now)) {
                stale.add(d);
            }
        }
        // Today first, then the oldest fetch.
        stale.sort(Comparator.comparing((LocalDate d) -> !d.equals(today)).thenComparing(d -> cache.pages().get(d).fetchedAt()));
        candidates.addAll(stale);
        for (LocalDate d : new LinkedHashSet<>(candidates)) {
            if (plan.size() >= ROUTINE_PAGES) {
                break;
            }
            plan.putIfAbsent(d, all);
        }
        return new Plan(false, plan);
    }

    /** A watch run: the reports dated yesterday or today that are due and still lack their actual. */
    public static Plan watch(EarningsCalendarCache cache, Set<String> symbols, Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return new Plan(false, missingActuals(cache, symbols, today.minusDays(1), today, now, zone));
    }

    /**
     * The calendar after a fetch of {@code date} for {@code asked}: the page keeps the reports of symbols not asked and
     * takes {@code fetched} (the reports of the asked symbols dated that day). Pages before {@code keepFrom} are dropped.
     */
    public static EarningsCalendarCache merge(EarningsCalendarCache cache, Set<String> symbols, Map<LocalDate, Set<String>> asked,
                                              List<EarningsEvent> fetched, Instant now, LocalDate keepFrom) {
        Map<LocalDate, EarningsCalendarCache.Page> pages = new TreeMap<>();
        if (cache != null && cache.symbols().equals(Set.copyOf(symbols))) {
            cache.pages().forEach((d, p) -> {
                if (!d.isBefore(keepFrom)) {
                    pages.put(d, p);
                }
            });
        }
        asked.forEach((date, who) -> {
            List<EarningsEvent> events = new ArrayList<>();
            EarningsCalendarCache.Page old = pages.get(date);
            if (old != null) {
                old.events().stream().filter(e -> !who.contains(e.symbol())).forEach(events::add);
            }
            fetched.stream().filter(e -> e.date().equals(date) && who.contains(e.symbol())).forEach(events::add);
            events.sort(Comparator.comparing(EarningsEvent::symbol));
            pages.put(date, new EarningsCalendarCache.Page(now, events));
        });
        return new EarningsCalendarCache(symbols, pages);
    }
}
