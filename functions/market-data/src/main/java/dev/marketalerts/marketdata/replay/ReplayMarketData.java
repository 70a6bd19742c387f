package dev.marketalerts.marketdata.replay;

import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.calendar.TradingSession;
import dev.marketalerts.core.job.EarningsCalendar;
import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.job.PriceFeed;
import dev.marketalerts.core.market.BarSeries;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;

/**
 * Market data replayed from a directory of CSV files ({@code SYMBOL.csv} bars, {@code earnings.csv}),
 * loaded once and served as of any instant: a bar only once its session has closed, an actual EPS only
 * once the report has happened. Like a live provider, it serves the sessions asked for, not the whole file: every metric
 * reads no more than its condition asks for, and copying years of bars into every snapshot made a long backtest's
 * cost grow with the square of its length.
 */
public final class ReplayMarketData implements PriceFeed, EarningsCalendar {
    public static final String PROVIDER = ReplayCsv.PROVIDER;
    public static final String EARNINGS_FILE = "earnings.csv";

    private final Path directory;
    private final Map<String, List<DailyBar>> bars;
    private final List<EarningsEvent> earnings;
    private final boolean hasEarningsFile;
    private final List<String> warnings;
    /** Per symbol, the close instant of every bar by market (a symbol is normally asked for in one market only). */
    private final Map<String, AtomicReferenceArray<Instant[]>> closes = new HashMap<>();

    private ReplayMarketData(Path directory, Map<String, List<DailyBar>> bars, List<EarningsEvent> earnings,
            boolean hasEarningsFile, List<String> warnings) {
        this.directory = directory;
        this.bars = bars;
        this.earnings = earnings;
        this.hasEarningsFile = hasEarningsFile;
        this.warnings = warnings;
        bars.keySet().forEach(symbol -> closes.put(symbol, new AtomicReferenceArray<>(Market.values().length)));
    }

    /**
     * Reads every {@code *.csv} in {@code directory}.
     *
     * @throws ReplayDataException when the directory or a file cannot be used
     */
    public static ReplayMarketData load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ReplayDataException(directory + ": replay data directory does not exist");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ReplayDataException(directory + ": cannot list replay data directory: " + e.getMessage(), e);
        }
        // The files are read on every core, each with its own warnings; they are taken in file order, so the warnings
        // and the first file that cannot be used are those a reading one after the other gives.
        Loaded[] loaded = files.parallelStream().map(ReplayMarketData::read).toArray(Loaded[]::new);
        List<String> warnings = new ArrayList<>();
        Map<String, List<DailyBar>> bars = new TreeMap<>();
        List<EarningsEvent> earnings = List.of();
        boolean hasEarningsFile = false;
        for (int i = 0; i < loaded.length; i++) {
            Loaded l = loaded[i];
            if (l.failure() != null) {
                throw l.failure();
            }
            warnings.addAll(l.warnings());
            String fileName = files.get(i).getFileName().toString();
            if (l.earnings() != null) {
                earnings = l.earnings();
                hasEarningsFile = true;
            } else {
                bars.put(fileName.substring(0, fileName.length() - ".csv".length()), l.bars());
            }
        }
        return new ReplayMarketData(directory, Collections.unmodifiableMap(bars), earnings, hasEarningsFile, List.copyOf(warnings));
    }

    /** One file read: its bars or its earnings, the warnings of its rows, or why it cannot be used. */
    private record Loaded(BarSeries bars, List<EarningsEvent> earnings, List<String> warnings, RuntimeException failure) {
    }

    private static Loaded read(Path file) {
        List<String> warnings = new ArrayList<>();
        try {
            if (file.getFileName().toString().equals(EARNINGS_FILE)) {
                return new Loaded(null, ReplayCsv.readEarnings(file, warnings), warnings, null);
            }
            List<DailyBar> symbolBars = ReplayCsv.readBars(file, warnings);
            if (symbolBars.isEmpty()) {
                warnings.add(file + ": no usable rows");
            }
            return new Loaded(BarSeries.of(symbolBars), null, warnings, null);
        } catch (RuntimeException e) {
            return new Loaded(null, null, warnings, e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** Symbols with a bar file (file name minus {@code .csv}), sorted. */
    public Set<String> symbols() {
        return bars.keySet();
    }

    /** All bars of {@code symbol} regardless of time, oldest first; empty for an unknown symbol. */
    public List<DailyBar> allBars(String symbol) {
        return bars.getOrDefault(symbol, List.of());
    }

    public Optional<LocalDate> firstDate(String symbol) {
        List<DailyBar> list = allBars(symbol);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0).date());
    }

    public Optional<LocalDate> lastDate(String symbol) {
        List<DailyBar> list = allBars(symbol);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1).date());
    }

    /** Every earnings event of {@code earnings.csv} with its actual EPS as written, by date then symbol. */
    public List<EarningsEvent> allEarnings() {
        return earnings;
    }

    /** Rows skipped while loading, one line each ({@code data/NVDA.csv:14: skipped row 2025-12-01: Close is null}). */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public Map<String, Fetched<MarketSnapshot>> snapshots(List<Instrument> instruments, int barsNeeded, Instant asOf) {
        Map<String, Fetched<MarketSnapshot>> result = new LinkedHashMap<>();
        for (Instrument instrument : instruments) {
            result.put(instrument.symbol(), snapshot(instrument, Math.max(1, barsNeeded), asOf));
        }
        return result;
    }

    /** The last {@code sessions} bars closed by {@code asOf} (all of them when fewer), with the last close as the quote. */
    private Fetched<MarketSnapshot> snapshot(Instrument instrument, int sessions, Instant asOf) {
        List<DailyBar> all = bars.get(instrument.symbol());
        if (all == null) {
            return Fetched.failed("no replay file " + directory.resolve(instrument.symbol() + ".csv"));
        }
        if (all.isEmpty()) {
            return Fetched.failed("replay file " + directory.resolve(instrument.symbol() + ".csv") + " has no usable rows");
        }
        Instant[] closeInstants = closes(instrument);
        int visible = visibleCount(closeInstants, asOf);
        if (visible == 0) {
            return Fetched.failed("no replay bar of " + instrument.symbol() + " has closed by " + asOf
                    + " (first bar " + all.get(0).date() + ")");
        }
        DailyBar last = all.get(visible - 1);
        Quote quote = new Quote(last.close(), closeInstants[visible - 1], PROVIDER);
        return Fetched.ok(new MarketSnapshot(instrument, all.subList(Math.max(0, visible - sessions), visible), quote, PROVIDER, asOf));
    }

    /**
     * The close instant of every bar of the instrument's file, worked out once: each tick searches them. Two threads may
     * both work them out the first time; either result is the same.
     */
    private Instant[] closes(Instrument instrument) {
        AtomicReferenceArray<Instant[]> byMarket = closes.get(instrument.symbol());
        Market market = instrument.market();
        Instant[] known = byMarket.get(market.ordinal());
        if (known == null) {
            List<DailyBar> all = bars.get(instrument.symbol());
            known = new Instant[all.size()];
            for (int i = 0; i < known.length; i++) {
                known[i] = closeInstant(market, all.get(i).date());
            }
            byMarket.set(market.ordinal(), known);
        }
        return known;
    }

    /** How many leading bars of {@code sorted} (oldest first) have closed by {@code asOf}. */
    public static int visibleCount(List<DailyBar> sorted, Market market, Instant asOf) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (closeInstant(market, sorted.get(mid).date()).isAfter(asOf)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** How many of the ascending {@code closes} are not after {@code asOf} (close instants grow with the date). */
    private static int visibleCount(Instant[] closes, Instant asOf) {
        int lo = 0;
        int hi = closes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (closes[mid].isAfter(asOf)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * When the bar of {@code date} becomes visible: its session's close (16:00 New York, 13:00 on early
     * closes; 24:00 UTC for crypto). A bar dated on a day the calendar has no session for is treated
     * conservatively as closing at the end of that day.
     */
    public static Instant closeInstant(Market market, LocalDate date) {
        TradingCalendar calendar = TradingCalendar.forMarket(market);
        return calendar.session(date)
                .map(TradingSession::closeInstant)
                .orElseGet(() -> date.plusDays(1).atStartOfDay(calendar.zone()).toInstant());
    }

    @Override
    public Fetched<List<EarningsEvent>> events(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf) {
        List<EarningsEvent> matching = new ArrayList<>();
        // The events are sorted by date: start at the first dated on or after from (a watch tick asks for a day or two).
        int lo = 0;
        int hi = earnings.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (earnings.get(mid).date().isBefore(from)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < earnings.size() && !earnings.get(i).date().isAfter(to); i++) {
            EarningsEvent event = earnings.get(i);
            if (symbols.contains(event.symbol())) {
                matching.add(reportTime(event).isAfter(asOf) ? withoutActual(event) : event);
            }
        }
        if (!hasEarningsFile) {
            return new Fetched.Ok<>(matching, List.of("no " + directory.resolve(EARNINGS_FILE) + ": no earnings in replay"));
        }
        return Fetched.ok(List.copyOf(matching));
    }

    /** When the actual EPS becomes known: 09:30 New York for reports before the open, 16:00 otherwise. */
    public static Instant reportTime(EarningsEvent event) {
        return event.date()
                .atTime(event.session() == EarningsSession.BMO ? NyseCalendar.OPEN : NyseCalendar.CLOSE)
                .atZone(NyseCalendar.ZONE)
                .toInstant();
    }

    private static EarningsEvent withoutActual(EarningsEvent e) {
        return new EarningsEvent(e.symbol(), e.date(), e.session(), e.fiscalPeriod(), e.epsEstimate(), null, e.confirmed(),
                e.provider());
    }
}
