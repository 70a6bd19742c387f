package dev.marketalerts.cli.backtest;

import dev.marketalerts.core.calendar.NyseCalendar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic made-up replay data for long backtests: 49 equities and BTC-USD with daily bars over a range,
 * quarterly earnings for every equity, and a config with four rules over all of them. Same seed, same files.
 */
public final class SyntheticReplay {
    public static final int EQUITIES = 49;

    private SyntheticReplay() {
    }

    public static List<String> equities() {
        List<String> symbols = new ArrayList<>();
        for (int i = 1; i <= EQUITIES; i++) {
            symbols.add(String.format(Locale.ROOT, "SYN%02d", i));
        }
        return symbols;
    }

    /** Writes SYMBOL.csv per symbol and earnings.csv into {@code data}, and the config to {@code config}. */
    public static void write(Path data, Path config, LocalDate from, LocalDate to, long seed) throws IOException {
        Files.createDirectories(data);
        Random random = new Random(seed);
        StringBuilder earnings = new StringBuilder("symbol,date,time,epsEstimate,epsActual\n");
        for (String symbol : equities()) {
            double start = 5 + random.nextDouble() * (random.nextBoolean() ? 80 : 900);
            writeBars(data.resolve(symbol + ".csv"), from, to, start, 0.022, random, false);
            for (LocalDate d = from.plusDays(20 + random.nextInt(40)); !d.isAfter(to); d = d.plusDays(91)) {
                LocalDate day = d;
                while (!NyseCalendar.INSTANCE.isTradingDay(day)) {
                    day = day.plusDays(1);
                }
                double estimate = 0.2 + random.nextDouble() * 3;
                double actual = estimate * (1 + random.nextGaussian() * 0.08);
                earnings.append(String.format(Locale.ROOT, "%s,%s,%s,%.2f,%.2f%n", symbol, day, random.nextBoolean() ? "amc" : "bmo",
                        estimate, actual));
            }
        }
        writeBars(data.resolve("BTC-USD.csv"), from, to, 60000, 0.03, random, true);
        Files.writeString(data.resolve("earnings.csv"), earnings);
        String watchlist = String.join("\n", equities().stream().map(s -> "  - { symbol: " + s + " }").toList());
        String all = String.join(", ", equities());
        Files.writeString(config, """
                timezone: America/New_York
                watchlist:
                %s
                  - { symbol: BTC-USD, name: Bitcoin, market: crypto }
                rules:
                  - id: results
                    symbols: [%s]
                    earnings: { remind: [1d], surprise: 10%% }
                  - id: above-sma50
                    symbols: [%s]
                    when: price crosses above sma(50) and price > ema(20)
                  - id: big-day
                    symbols: [%s]
                    when: abs(change(1d)) >= 7%%
                    trigger: daily
                  - id: btc-80k
                    symbol: BTC-USD
                    when: price crosses below 80000
                    rearm: 2%%
                    severity: warning
                health: { after: 0 }
                """.formatted(watchlist, all, String.join(", ", equities().subList(0, 25)), all));
    }

    private static void writeBars(Path file, LocalDate from, LocalDate to, double start, double vol, Random random, boolean everyDay)
            throws IOException {
        StringBuilder csv = new StringBuilder("# SYNTHETIC, NOT REAL PRICES\nDate,Open,High,Low,Close,Adj Close,Volume\n");
        double close = start;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (!everyDay && !NyseCalendar.INSTANCE.isTradingDay(d)) {
                continue;
            }
            double move = random.nextGaussian() * vol + (random.nextInt(250) == 0 ? (random.nextBoolean() ? 0.25 : -0.2) : 0);
            double open = close;
            close = Math.max(0.5, close * Math.exp(move));
            double high = Math.max(open, close) * (1 + random.nextDouble() * vol / 2);
            double low = Math.min(open, close) * (1 - random.nextDouble() * vol / 2);
            csv.append(String.format(Locale.ROOT, "%s,%.2f,%.2f,%.2f,%.2f,%.2f,%d%n", d, open, high, low, close, close,
                    1_000_000 + random.nextInt(9_000_000)));
        }
        Files.writeString(file, csv);
    }
}
