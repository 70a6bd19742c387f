package dev.marketalerts.cli;

import dev.marketalerts.cli.backtest.Backtest;
import dev.marketalerts.cli.backtest.ForwardReturns;
import dev.marketalerts.cli.backtest.HtmlReport;
import dev.marketalerts.cli.backtest.Progress;
import dev.marketalerts.cli.backtest.RuleReturns;
import dev.marketalerts.cli.backtest.RuleSummary;
import dev.marketalerts.cli.common.AlertLines;
import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.CliFailure;
import dev.marketalerts.cli.common.ExitCodes;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.Notifier;
import dev.marketalerts.core.job.StateStoreException;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.time.SettableClock;
import dev.marketalerts.local.CompositeNotifier;
import dev.marketalerts.local.OutboxNotifier;
import dev.marketalerts.marketdata.replay.ReplayDataException;
import dev.marketalerts.marketdata.replay.ReplayMarketData;
import dev.marketalerts.wiring.AlertsWiring;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code alerts backtest}: replays a date range through the production schedule with production state,
 * triggers and dedupe; prints every alert in time order and a per-rule table, optionally writes the
 * alerts to an outbox and an HTML report.
 */
@Command(name = "backtest",
        mixinStandardHelpOptions = true,
        description = {"Replays a date range of replay data the way production would have run it.",
                "The earnings job runs at 07:00 and 18:00 New York time every day, the price job at 16:05 New York time on NYSE "
                        + "trading days (equities) and at 00:05 UTC every day (crypto, on the bar of the day that just closed), "
                        + "with fresh state and the same triggers and dedupe as production. Prints every alert in time order and a "
                        + "per-rule summary; progress goes to stderr. A day without a bar is a day without data, not a failure.",
                "--from and --to are calendar days in the config's timezone. A symbol whose data starts after --from gets one line "
                        + "(IREN: data starts 2025-11-13) and no alerts before its data; progress (with elapsed time and an estimate of "
                        + "the time left) is shown only when stderr is a terminal.",
                "Exit codes: 0 ok; 1 some tick had no usable data for a watched symbol (a missing replay file) "
                        + "or writing the outbox/report failed; 2 bad usage, or an invalid config or replay file."})
public final class BacktestCommand implements Callable<Integer> {
    @ParentCommand
    private AlertsCommand parent;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Replay market data: one SYMBOL.csv per symbol (Yahoo or Stooq format) and earnings.csv.")
    private String data;

    @Option(names = "--from", paramLabel = "DATE", required = true, converter = Converters.DateConverter.class,
            description = "First day (YYYY-MM-DD, a calendar day in the config's timezone).")
    private LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", required = true, converter = Converters.DateConverter.class,
            description = "Last day, inclusive (YYYY-MM-DD, a calendar day in the config's timezone).")
    private LocalDate to;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "alerts.yaml",
            description = "The config file (default: ${DEFAULT-VALUE} in the working directory).")
    private String config;

    @Option(names = "--outbox", paramLabel = "FILE",
            description = "Also write each alert as a JSON line (the alert JSON that SNS subscribers get) to FILE, replacing it (see --append).")
    private String outbox;

    @Option(names = "--append", description = "Append to the --outbox file instead of replacing it.")
    private boolean append;

    @Option(names = "--returns", paramLabel = "FILE.csv",
            description = "Write what happened after each alert, one row per alert: " + ForwardReturns.CSV_HEADER + " (price: the close of "
                    + "the last session at or before the alert; return_Nd: the close N sessions later over price, minus 1; empty beyond the data).")
    private String returns;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Write a self-contained HTML report: per symbol a price chart with the alerts and earnings marked, then the alerts.")
    private String report;

    @Override
    public Integer call() {
        CliEnvironment env = parent.environment();
        AlertsConfig loaded = ConfigFiles.load(env, config);
        if (to.isBefore(from)) {
            throw CliFailure.usage("--to " + to + " is before --from " + from);
        }
        if (append && outbox == null) {
            throw CliFailure.usage("--append needs --outbox");
        }
        if (outbox != null && !append) {
            try {
                Files.deleteIfExists(env.resolve(outbox));
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.FAILURES, List.of("error: cannot replace the outbox " + outbox + ": " + e.getMessage()));
            }
        }
        SettableClock clock = new SettableClock(from.atStartOfDay(loaded.timezone()).toInstant());
        try (AlertsWiring wiring = new AlertsWiring(env.env(), clock)) {
            AlertsWiring.MarketData marketData;
            try {
                marketData = wiring.marketData(loaded, new AlertsWiring.DataSpec.Replay(env.resolve(data)));
            } catch (ReplayDataException e) {
                throw CliFailure.usage(e.getMessage());
            }
            ReplayMarketData replay = marketData.replay();
            replay.warnings().forEach(w -> env.err().println("warning: " + w));
            AlertStateStore store = Backtest.newStore();
            AlertJob job = wiring.job(loaded, marketData, store, notifier(env), AlertJob.JobListener.NONE);
            ZoneId zone = loaded.timezone();
            Map<String, LocalDate> lateData = lateData(loaded, replay);
            boolean terminal = env.err() == System.err && System.console() != null;
            long started = System.nanoTime();
            Backtest.Result result;
            try {
                result = Backtest.run(job, clock, from, to, zone, new Backtest.Listener() {
                    @Override
                    public void alert(Alert alert) {
                        env.out().println(AlertLines.line(alert, zone));
                    }

                    @Override
                    public void progress(LocalDate reached, long daysDone, long daysTotal, int alertsSoFar) {
                        if (terminal) {
                            env.err().print("\r" + Progress.line(reached, daysDone, daysTotal, alertsSoFar,
                                    Duration.ofNanos(System.nanoTime() - started)) + "\u001b[K");
                            env.err().flush();
                        }
                    }
                });
                if (terminal) {
                    env.err().print("\r\u001b[K");
                    env.err().flush();
                }
            } catch (StateStoreException e) {
                throw new CliFailure(ExitCodes.FAILURES, List.of("error: state store: " + e.getMessage()));
            }
            List<RuleSummary> summary = RuleSummary.of(loaded, result.alerts());
            env.out().println((result.alerts().isEmpty() ? "" : System.lineSeparator()) + result.alerts().size() + " alert"
                    + (result.alerts().size() == 1 ? "" : "s") + " from " + from + " to " + to + " (" + result.ticks() + " scheduled runs, "
                    + result.watchTicks() + " of them report-day watch ticks).");
            env.out().println(watchLine(result, zone));
            env.out().println();
            RuleSummary.table(summary, zone).forEach(env.out()::println);
            Map<String, Market> markets = new HashMap<>();
            loaded.watchlist().forEach(i -> markets.put(i.symbol(), i.market()));
            List<ForwardReturns> forward = ForwardReturns.of(result.alerts(), replay::allBars, markets);
            List<RuleReturns> ruleReturns = RuleReturns.of(loaded, forward);
            env.out().println();
            env.out().println("Forward returns: the close 1, 5 and 20 sessions after each alert over the last close before it.");
            RuleReturns.table(ruleReturns).forEach(env.out()::println);
            lateData.forEach((symbol, start) -> env.err().println(symbol + ": data starts " + start));
            boolean failed = result.failedDeliveries() > 0;
            for (Map.Entry<String, Integer> p : result.problems().entrySet()) {
                if (lateData.keySet().stream().anyMatch(symbol -> p.getKey().contains("no replay bar of " + symbol + " has closed by"))) {
                    continue;
                }
                failed = true;
                env.err().println("error: " + p.getKey() + (p.getValue() > 1 ? " (" + p.getValue() + " runs)" : ""));
            }
            int code = failed ? ExitCodes.FAILURES : ExitCodes.OK;
            if (returns != null && !writeReturns(env, forward)) {
                code = ExitCodes.FAILURES;
            }
            if (report != null && !writeReport(env, loaded, replay, result, summary, ruleReturns)) {
                code = ExitCodes.FAILURES;
            }
            return code;
        }
    }

    /** The watched symbols whose replay data starts after the first day, with the day it starts. */
    private Map<String, LocalDate> lateData(AlertsConfig loaded, ReplayMarketData replay) {
        Map<String, LocalDate> late = new LinkedHashMap<>();
        for (Instrument instrument : loaded.watchlist()) {
            List<DailyBar> bars = replay.allBars(instrument.symbol());
            if (!bars.isEmpty() && bars.get(0).date().isAfter(from)) {
                late.put(instrument.symbol(), bars.get(0).date());
            }
        }
        return late;
    }

    private boolean writeReturns(CliEnvironment env, List<ForwardReturns> rows) {
        StringBuilder csv = new StringBuilder(ForwardReturns.CSV_HEADER).append('\n');
        rows.forEach(r -> csv.append(r.csvLine()).append('\n'));
        try {
            Path file = env.resolve(returns);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            env.err().println("error: cannot write the returns " + returns + ": " + e.getMessage());
            return false;
        }
    }

    /** The outbox when asked for, else a notifier that only acknowledges: the lines are printed by the walk. */
    private Notifier notifier(CliEnvironment env) {
        AtomicLong sequence = new AtomicLong();
        Notifier printed = alerts -> alerts.stream()
                .map(a -> (Notifier.Delivery) new Notifier.Delivery.Sent("backtest-" + sequence.incrementAndGet())).toList();
        return outbox == null ? printed
                : CompositeNotifier.of(w -> env.err().println("warning: " + w), new OutboxNotifier(env.resolve(outbox)), printed);
    }

    private boolean writeReport(CliEnvironment env, AlertsConfig loaded, ReplayMarketData replay, Backtest.Result result, List<RuleSummary> summary,
                                List<RuleReturns> ruleReturns) {
        List<Alert> alerts = result.alerts();
        List<HtmlReport.Chart> charts = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Instrument instrument : loaded.watchlist()) {
            List<DailyBar> bars = replay.allBars(instrument.symbol()).stream()
                    .filter(b -> !b.date().isBefore(from) && !b.date().isAfter(to)).toList();
            List<EarningsEvent> earnings = replay.allEarnings().stream()
                    .filter(e -> e.symbol().equals(instrument.symbol()) && !e.date().isBefore(from) && !e.date().isAfter(to)).toList();
            List<Alert> mine = alerts.stream().filter(a -> a.symbol().equals(instrument.symbol())).toList();
            if (bars.isEmpty() && earnings.isEmpty() && mine.isEmpty()) {
                missing.add(instrument.symbol());
                continue;
            }
            List<HtmlReport.Level> levels = new ArrayList<>();
            List<String> indicators = new ArrayList<>();
            for (RuleConfig rule : loaded.rules()) {
                if (rule.condition() != null && rule.symbols().contains(instrument.symbol())) {
                    rule.condition().priceLevels().forEach(v -> levels.add(new HtmlReport.Level(rule.id(), v)));
                    indicators.addAll(rule.condition().observedNames());
                }
            }
            charts.add(new HtmlReport.Chart(instrument, bars, earnings, mine, provenance(replay.directory().resolve(instrument.symbol() + ".csv")),
                    replay.allBars(instrument.symbol()), levels, indicators));
        }
        List<String> notes = new ArrayList<>();
        if (!missing.isEmpty()) {
            notes.add("No replay data or alerts in this range for " + String.join(", ", missing) + ".");
        }
        notes.add(result.ticks() + " scheduled runs, " + result.watchTicks() + " of them report-day watch ticks. " + watchLine(result, loaded.timezone()));
        String html = HtmlReport.render("Backtest of " + config + " on " + data, from, to, loaded.timezone(), charts, alerts, summary, ruleReturns, notes);
        Path file = env.resolve(report);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, html, StandardCharsets.UTF_8);
            env.err().println("backtest: report written to " + report);
            return true;
        } catch (IOException e) {
            env.err().println("error: cannot write the report " + report + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * The watch ticks that asked the providers (for a report due without its actual, or for a calendar not kept yet): the
     * first {@value #WATCH_TICKS_LISTED}, then how many more, so a long backtest's line stays readable.
     */
    static String watchLine(Backtest.Result result, ZoneId zone) {
        if (result.watchesThatAsked().isEmpty()) {
            return "No watch tick asked the providers (none found a report due without its actual).";
        }
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", java.util.Locale.ROOT);
        List<java.time.Instant> asked = result.watchesThatAsked();
        String listed = asked.stream().limit(WATCH_TICKS_LISTED).map(t -> f.format(t.atZone(zone)))
                .collect(java.util.stream.Collectors.joining(", "));
        return "Watch ticks that asked the providers: " + listed
                + (asked.size() > WATCH_TICKS_LISTED ? " and " + (asked.size() - WATCH_TICKS_LISTED) + " more (" + asked.size() + " in all)" : "") + ".";
    }

    static final int WATCH_TICKS_LISTED = 12;

    /** The first line of a replay file when it is a {@code #} comment (where the data comes from), else null. */
    private static String provenance(Path csv) {
        if (!Files.isRegularFile(csv)) {
            return null;
        }
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first != null && first.startsWith("#") ? first.substring(1).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
