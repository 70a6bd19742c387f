package dev.marketalerts.bench;

import dev.marketalerts.core.calendar.NyseCalendar;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code alerts backtest} at research scale, as a user runs it (the {@code alerts} script, report included): 10 years of
 * deterministic synthetic daily bars for 50 symbols and four indicator rules, against the demo backtest's wall time
 * on the same machine in the same run, and the same walk with rules that use no recursive indicator (the backtest's own
 * cost). Peak RSS is the process's maximum resident set, from {@code /usr/bin/time}.
 * Usage: {@code BacktestScaleBench REPO_ROOT [DEMO_RUNS]}.
 */
public final class BacktestScaleBench {
    static final String PART = "6 backtest";
    static final int SYMBOLS = 50;
    static final LocalDate FROM = LocalDate.of(2016, 1, 4);
    static final LocalDate TO = LocalDate.of(2025, 12, 31);
    static final double WALL_BUDGET = 8.0;
    static final double RSS_BUDGET_MB = 512;
    static final long REPORT_BUDGET_BYTES = 2_000_000;
    /** Four rules a researcher would try, each over every symbol. */
    static final String[][] RULES = {
            {"golden-cross", "sma(50) crosses above sma(200)"},
            {"oversold", "rsi(14) < 30 and atr(14) > 2% * price"},
            {"band-breakout", "price crosses above bb_upper(20, 2)"},
            {"macd-turn", "macd(12,26) crosses above macd_signal(12,26,9) and price > ema(20)"}};
    /**
     * Four rules without a recursive indicator (the heaviest reads a 200-session mean): the same walk with them is what the
     * backtest itself costs (schedule, replay, state, delivery, report) beside the indicators.
     */
    static final String[][] PLAIN_RULES = {
            {"above-100", "price crosses above 100"},
            {"big-move", "abs(change(1d)) >= 5%"},
            {"heavy", "volume > 9900000"},
            {"sma-cross", "price crosses above sma(200)"}};

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]).toAbsolutePath();
        int demoRuns = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("alerts-backtest-scale-");
        try {
            Path data = Files.createDirectories(work.resolve("data"));
            List<String> symbols = writeBars(data);
            Path config = writeConfig(work.resolve("alerts.yaml"), symbols, RULES);
            Path plainConfig = writeConfig(work.resolve("plain.yaml"), symbols, PLAIN_RULES);

            String loadBefore = load();
            double[] demo = new double[demoRuns];
            double[] demoCpu = new double[demoRuns];
            for (int i = 0; i < demoRuns; i++) {
                double[] m = run(repo, work.resolve("demo-" + i + ".log"), "backtest", "--data", "demo/data", "--from", "2025-11-13",
                        "--to", "2026-02-27", "--config", "alerts.yaml", "--report", work.resolve("demo.html").toString());
                demo[i] = m[0];
                demoCpu[i] = m[2];
            }
            double demoWall = Results.percentile(demo, 50);
            double demoCpuMedian = Results.percentile(demoCpu, 50);
            Path log = work.resolve("scale.log");
            double[] scale = run(repo, log, "backtest", "--data", data.toString(), "--from", FROM.toString(), "--to", TO.toString(),
                    "--config", config.toString(), "--report", work.resolve("scale.html").toString());
            String summary = Files.readAllLines(log).stream().filter(l -> l.contains("scheduled runs")).findFirst().orElse("?");
            long reportBytes = Files.size(work.resolve("scale.html"));
            String loadPlain = load();
            double[] plain = run(repo, work.resolve("plain.log"), "backtest", "--data", data.toString(), "--from", FROM.toString(), "--to",
                    TO.toString(), "--config", plainConfig.toString(), "--report", work.resolve("plain.html").toString());
            String loads = "load average (1/5/15 min) before: " + loadBefore + ", after: " + load();
            Results.info(PART, "demo backtest (demo/data, 2025-11-13..2026-02-27, alerts.yaml, report), median of " + demoRuns,
                    demoWall, "s", "each: " + Arrays.toString(demo) + "; CPU (user+sys) median " + Results.format(demoCpuMedian) + " s");
            Results.info(PART, "10 years x 50 symbols x 4 rules, report included: wall", scale[0], "s", summary.strip()
                    + String.format(Locale.ROOT, " report %,d bytes; CPU (user+sys) %s s; %s", reportBytes, Results.format(scale[2]), loads));
            double ratio = scale[0] / demoWall;
            Results.row(PART, "10 years x 50 symbols x 4 rules: wall / demo backtest wall", ratio, "x", "<= " + WALL_BUDGET,
                    Results.verdict(ratio <= WALL_BUDGET), "");
            Results.info(PART, "10 years x 50 symbols x 4 rules: CPU / demo backtest CPU", scale[2] / demoCpuMedian, "x",
                    "the same ratio in CPU seconds, which other work on the machine disturbs less than wall time");
            Results.info(PART, "the same walk with 4 rules without a recursive indicator: wall", plain[0], "s", String.format(Locale.ROOT,
                    "CPU (user+sys) %s s, %s x the demo's CPU; the backtest's own cost beside the indicators; load before it %s",
                    Results.format(plain[2]), Results.format(plain[2] / demoCpuMedian), loadPlain));
            Results.row(PART, "10 years x 50 symbols x 4 rules: peak RSS", scale[1], "MB", "<= " + RSS_BUDGET_MB,
                    Results.verdict(scale[1] <= RSS_BUDGET_MB), "the alerts script's JVM options");
            Results.row(PART, "10 years x 50 symbols x 4 rules: report size", reportBytes, "bytes", "<= " + REPORT_BUDGET_BYTES,
                    Results.verdict(reportBytes <= REPORT_BUDGET_BYTES), "");
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs {@code ./alerts ARGS} from the repository root: wall seconds, peak RSS in MB and CPU (user + system) seconds. */
    private static double[] run(Path repo, Path log, String... args) throws IOException, InterruptedException {
        Path times = Files.createTempFile("alerts-time-", ".txt");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M %U %S", "-o", times.toString(), "./alerts"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int code = p.waitFor();
        String[] measured = Files.readString(times).strip().split("\\s+");
        Files.delete(times);
        if (code != 0) {
            throw new IllegalStateException("alerts " + String.join(" ", args) + " exited with " + code + ":\n" + Files.readString(log));
        }
        int n = measured.length;
        return new double[] {Double.parseDouble(measured[n - 4]), Double.parseDouble(measured[n - 3]) / 1024,
                Double.parseDouble(measured[n - 2]) + Double.parseDouble(measured[n - 1])};
    }

    /** The load average of the machine (1, 5 and 15 minutes), which other work on it raises. */
    private static String load() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        if (!Files.isReadable(loadavg)) {
            return "unknown";
        }
        String[] f = Files.readString(loadavg).strip().split("\\s+");
        return f[0] + " / " + f[1] + " / " + f[2];
    }

    /** One CSV per symbol: a seeded random walk with daily ranges and volumes on every NYSE trading day. */
    static List<String> writeBars(Path dir) throws IOException {
        List<String> symbols = new ArrayList<>();
        for (int k = 0; k < SYMBOLS; k++) {
            String symbol = "SYN" + (char) ('A' + k / 26) + (char) ('A' + k % 26);
            symbols.add(symbol);
            Random random = new Random(1000 + k);
            double close = 20 + random.nextDouble() * 200;
            double drift = (random.nextDouble() - 0.45) * 0.001;
            try (Writer w = Files.newBufferedWriter(dir.resolve(symbol + ".csv"), StandardCharsets.UTF_8)) {
                w.write("# synthetic bars (BacktestScaleBench, seed " + (1000 + k) + ")\nDate,Open,High,Low,Close,Volume\n");
                for (LocalDate d = FROM.minusYears(1); !d.isAfter(TO); d = d.plusDays(1)) {
                    if (!NyseCalendar.INSTANCE.isTradingDay(d)) {
                        continue;
                    }
                    double open = close * (1 + random.nextGaussian() * 0.005);
                    close = Math.max(1, close * (1 + drift + random.nextGaussian() * 0.02));
                    double high = Math.max(open, close) * (1 + random.nextDouble() * 0.01);
                    double low = Math.min(open, close) * (1 - random.nextDouble() * 0.01);
                    long volume = 1_000_000 + random.nextInt(9_000_000);
                    w.write(d + "," + money(open) + "," + money(high) + "," + money(low) + "," + money(close) + "," + volume + "\n");
                }
            }
        }
        Files.writeString(dir.resolve("earnings.csv"), "symbol,date,time,epsEstimate,epsActual\n", StandardCharsets.UTF_8);
        return symbols;
    }

    private static String money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The {@code rules} (id, condition), each over every symbol. */
    static Path writeConfig(Path file, List<String> symbols, String[][] rules) throws IOException {
        String list = String.join(", ", symbols);
        StringBuilder b = new StringBuilder("timezone: America/New_York\nwatchlist:\n");
        symbols.forEach(s -> b.append("  - { symbol: ").append(s).append(" }\n"));
        b.append("rules:\n");
        for (String[] r : rules) {
            b.append("  - id: ").append(r[0]).append("\n    symbols: [").append(list).append("]\n    when: ").append(r[1]).append('\n');
        }
        return Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }
}
