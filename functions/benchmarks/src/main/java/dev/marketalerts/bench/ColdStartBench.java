package dev.marketalerts.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.core.json.Jackson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold start: each function zip run by {@code alerts invoke} (a fresh JVM with the Lambda runtime client, as Lambda
 * starts a container) several times, interleaved with the bare Quarkus handler built in the same run as the floor.
 * The functions read a config override through a stub of the Parameters and Secrets extension that points their
 * providers at a local stub (no latency), so a price tick fetches its symbols without leaving the machine (the 7
 * equities: events/price-scheduler.json is a market-hours tick; 8 symbols in figures taken before it said so).
 *
 * <p>Usage: {@code ColdStartBench ALERTS_JAR REPO_DIR [RUNS]}. {@code -Dbench.targets=price-alerts,...} runs only the named
 * functions (always with the floor); {@code -Dbench.extraTargets=NAME|TEMPLATE|LOGICAL_ID|JOB[|VAR=VALUE,...];...} adds
 * functions (another build's template, a handler chosen by environment); {@code -Dbench.logDir=DIR} keeps the output of
 * every invocation there. For a diagnosis, {@code -Dbench.functionJvmOptions=...} is passed to the functions'
 * JVMs as JAVA_TOOL_OPTIONS (e.g. a class-load log); figures taken that way are not comparable.
 */
public final class ColdStartBench {
    static final double BUDGET = 1.3;
    static final String PARAMETER = "/market-alerts/bench-alerts.yaml";
    private static final Pattern REPORT = Pattern.compile(
            "REPORT RequestId: \\S+\\s+Duration: ([0-9.]+) ms.*Max Memory Used: (\\S+) MB\\s+Init Duration: ([0-9.]+) ms");
    private static final ObjectMapper JSON = Jackson.json();

    /**
     * One function to start: where its template is, its logical id, its event, whether it reads the override, and
     * environment variables of its own on top of the override's (such as QUARKUS_LAMBDA_HANDLER).
     */
    record Target(String name, String template, String logicalId, String event, boolean override, int expectedEvaluations,
                  Map<String, String> env) {
        Target(String name, String template, String logicalId, String event, boolean override, int expectedEvaluations) {
            this(name, template, logicalId, event, override, expectedEvaluations, Map.of());
        }

        /** {@code NAME|TEMPLATE|LOGICAL_ID|price or earnings[|VAR=VALUE,...]}: a function of another template or build. */
        static Target parse(String spec) {
            String[] f = spec.strip().split("\\|");
            if (f.length < 4 || !(f[3].equals("price") || f[3].equals("earnings"))) {
                throw new IllegalArgumentException("bench.extraTargets: expected NAME|TEMPLATE|LOGICAL_ID|price or earnings[|VAR=VALUE,...], got " + spec);
            }
            Map<String, String> env = new LinkedHashMap<>();
            if (f.length > 4) {
                for (String pair : f[4].split(",")) {
                    int eq = pair.indexOf('=');
                    env.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
            boolean price = f[3].equals("price");
            return new Target(f[0], f[1], f[2], price ? "events/price-scheduler.json" : "events/earnings-scheduler.json", true,
                    price ? 11 : 4, env);
        }
    }

    /** One cold invocation; {@code cpuMs} is the function JVM's CPU time (all threads) up to its last reading before it was stopped. */
    record Sample(double initMs, double durationMs, double rssMb, double cpuMs) {
        double totalMs() {
            return initMs + durationMs;
        }
    }

    /** The 8 symbols of the design, the bundled rules, and one rule over all 8 so that a price tick fetches every symbol of its markets. */
    static String overrideConfig(ProviderStub stub) {
        return """
                timezone: America/New_York
                watchlist:
                  - { symbol: NVDA, name: NVIDIA }
                  - { symbol: MSFT, name: Microsoft }
                  - { symbol: META, name: Meta Platforms }
                  - { symbol: AMZN, name: Amazon }
                  - { symbol: IREN, name: IREN }
                  - { symbol: HUT, name: Hut 8 }
                  - { symbol: CIFR, name: Cipher Mining }
                  - { symbol: BTC-USD, name: Bitcoin, market: crypto }
                rules:
                  - id: big-tech-earnings
                    symbols: [NVDA, MSFT, META, AMZN]
                    earnings: { remind: [7d, 1d, 0d], date-change: true, surprise: 5% }
                  - id: iren-ytd
                    symbol: IREN
                    when: change_since(2026-01-01) >= 40%
                  - id: miners-big-day
                    symbols: [IREN, HUT, CIFR]
                    when: abs(change(1d)) >= 8%
                    trigger: daily
                  - id: btc-80k
                    symbol: BTC-USD
                    when: price crosses below 80000
                    rearm: 2%
                    cooldown: 6h
                    severity: warning
                  - id: above-50-day-average
                    symbols: [NVDA, MSFT, META, AMZN, IREN, HUT, CIFR, BTC-USD]
                    when: price > sma(50)
                """ + StubMarket.providersYaml(stub);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ColdStartBench ALERTS_JAR REPO_DIR [RUNS]");
            System.exit(2);
        }
        Path alertsJar = Path.of(args[0]).toAbsolutePath();
        Path repo = Path.of(args[1]).toAbsolutePath();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<Target> targets = new ArrayList<>(List.of(
                new Target("bare handler (floor)", "functions/benchmarks/bare-handler/template.yaml", "BareHandlerFunction",
                        "events/price-scheduler.json", false, -1),
                new Target("price-alerts", "template.yaml", "PriceAlertsFunction", "events/price-scheduler.json", true, 11),
                new Target("earnings-alerts", "template.yaml", "EarningsAlertsFunction", "events/earnings-scheduler.json", true, 4),
                // the packaging experiment: the same price handler from the one zip that holds both (docs/DESIGN.md, Packaging)
                new Target("one module, price handler", "functions/benchmarks/alerts-function/template.yaml", "PriceAlertsFunction",
                        "events/price-scheduler.json", true, 11)));
        String only = System.getProperty("bench.targets", "").strip();
        if (!only.isEmpty()) {
            List<String> names = List.of(only.split("\\s*,\\s*"));
            targets.removeIf(t -> t.expectedEvaluations() >= 0 && !names.contains(t.name()));
        }
        for (String spec : System.getProperty("bench.extraTargets", "").split(";")) {
            if (!spec.isBlank()) {
                targets.add(Target.parse(spec));
            }
        }

        try (ProviderStub stub = ProviderStub.start(0, Clock.systemUTC())) {
            stub.parameter(PARAMETER, overrideConfig(stub));
            String env = "ALERTS_CONFIG_PARAMETER=" + PARAMETER + "\n"
                    + "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT=" + stub.port() + "\n"
                    + "AWS_SESSION_TOKEN=bench-session-token\n"
                    + (System.getProperty("bench.functionJvmOptions", "").isBlank() ? ""
                            : "JAVA_TOOL_OPTIONS=" + System.getProperty("bench.functionJvmOptions") + "\n");
            Map<Target, Path> envFiles = new LinkedHashMap<>();
            Map<Target, List<Sample>> samples = new LinkedHashMap<>();
            targets.forEach(t -> samples.put(t, new ArrayList<>()));
            try {
                // Interleaved, so that a change in machine load hits every zip alike; the first round warms the disk cache.
                for (int run = -1; run < runs; run++) {
                    for (Target t : targets) {
                        Path envFile = envFiles.get(t);
                        if (envFile == null) {
                            envFile = Files.createTempFile("bench-cold-start-", ".env");
                            StringBuilder own = new StringBuilder(env);
                            t.env().forEach((k, v) -> own.append(k).append('=').append(v).append('\n'));
                            Files.writeString(envFile, own);
                            envFiles.put(t, envFile);
                        }
                        Sample s = invoke(alertsJar, repo, t, envFile);
                        System.out.printf("cold start %-22s %s: init %.0f ms, first invoke %.0f ms, max RSS %.0f MB, CPU %.0f ms%n", t.name(),
                                run < 0 ? "warm-up" : "run " + (run + 1), s.initMs(), s.durationMs(), s.rssMb(), s.cpuMs());
                        if (run >= 0) {
                            samples.get(t).add(s);
                        }
                    }
                }
            } finally {
                for (Path f : envFiles.values()) {
                    Files.deleteIfExists(f);
                }
            }
            report(samples, runs);
        }
    }

    private static void report(Map<Target, List<Sample>> samples, int runs) {
        String part = "2 cold start";
        double floor = 0;
        double floorCpu = Double.NaN;
        List<Sample> floorSamples = List.of();
        for (Map.Entry<Target, List<Sample>> e : samples.entrySet()) {
            Target t = e.getKey();
            List<Sample> list = e.getValue();
            double init = Results.percentile(list.stream().mapToDouble(Sample::initMs).toArray(), 50);
            double duration = Results.percentile(list.stream().mapToDouble(Sample::durationMs).toArray(), 50);
            double total = Results.percentile(list.stream().mapToDouble(Sample::totalMs).toArray(), 50);
            double rss = Results.percentile(list.stream().mapToDouble(Sample::rssMb).toArray(), 50);
            double cpu = Results.percentile(list.stream().mapToDouble(Sample::cpuMs).toArray(), 50);
            String median = "median of " + runs;
            Results.info(part, t.name() + ": init duration", init, "ms", median);
            Results.info(part, t.name() + ": first invoke duration", duration, "ms", median);
            Results.info(part, t.name() + ": JVM start to first event handled", total, "ms", median + ", spread "
                    + Results.format(list.stream().mapToDouble(Sample::totalMs).min().orElse(Double.NaN)) + "-"
                    + Results.format(list.stream().mapToDouble(Sample::totalMs).max().orElse(Double.NaN)));
            Results.info(part, t.name() + ": max RSS", rss, "MB", median);
            Results.info(part, t.name() + ": CPU time of the function's JVM", cpu, "ms", median + " (10 ms ticks)");
            if (t.expectedEvaluations() < 0) {
                floor = total;
                floorCpu = cpu;
                floorSamples = list;
            } else {
                if (t.name().equals("price-alerts")) {
                    Results.row(part, t.name() + " / bare handler (start to first event)", total / floor, "x", "<= " + BUDGET,
                            Results.verdict(total / floor <= BUDGET), "7 equities from a local stub; " + roundRatios(list, floorSamples));
                } else {
                    Results.info(part, t.name() + " / bare handler (start to first event)", total / floor, "x",
                            "no budget of its own; " + roundRatios(list, floorSamples));
                }
                Results.info(part, t.name() + " / bare handler (CPU time)", cpu / floorCpu, "x", "less moved by machine load than wall time");
            }
        }
    }

    /** The ratio of each interleaved round (a function's run against the floor's run just before it): the spread. */
    static String roundRatios(List<Sample> samples, List<Sample> floor) {
        double[] ratios = new double[Math.min(samples.size(), floor.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = samples.get(i).totalMs() / floor.get(i).totalMs();
        }
        java.util.Arrays.sort(ratios);
        return ratios.length == 0 ? "no rounds" : "rounds " + Results.format(ratios[0]) + "x-" + Results.format(ratios[ratios.length - 1]) + "x";
    }

    static Sample invoke(Path alertsJar, Path repo, Target t, Path envFile) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", alertsJar.toString(), "invoke", t.logicalId(), "--event", t.event(), "--template", t.template()));
        if (t.override()) {
            cmd.add("--env-file");
            cmd.add(envFile.toString());
        }
        Path log = Files.createTempFile("bench-invoke-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            double cpuMs = functionCpuMillis(p);
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(t.name() + ": alerts invoke did not finish within 180 s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            String keep = System.getProperty("bench.logDir", "");
            if (!keep.isBlank()) {
                Path dir = Files.createDirectories(Path.of(keep));
                Files.writeString(dir.resolve(t.name().replaceAll("[^A-Za-z0-9-]+", "_") + "-" + System.nanoTime() + ".log"), out,
                        StandardCharsets.UTF_8);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(t.name() + ": alerts invoke exited " + p.exitValue() + ":\n" + out);
            }
            Matcher m = REPORT.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException(t.name() + ": no REPORT line in the output of alerts invoke:\n" + out);
            }
            check(t, out);
            double rss = m.group(2).equals("n/a") ? Double.NaN : Double.parseDouble(m.group(2));
            return new Sample(Double.parseDouble(m.group(3)), Double.parseDouble(m.group(1)), rss, cpuMs);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * CPU time (user + system, every thread, in clock ticks of 10 ms) of the function's JVM, the child of {@code alerts invoke}
     * that runs the Lambda runtime client, read from /proc every 2 ms until it ends: on a machine shared with other builds
     * it moves much less than wall time. NaN where /proc is not there.
     */
    static double functionCpuMillis(Process invoke) throws InterruptedException {
        long ticks = -1;
        Path stat = null;
        while (invoke.isAlive()) {
            if (stat == null) {
                stat = invoke.descendants().filter(h -> h.info().commandLine().map(c -> c.contains("AWSLambda")).orElse(false))
                        .findFirst().map(h -> Path.of("/proc", Long.toString(h.pid()), "stat")).orElse(null);
            }
            if (stat != null) {
                try {
                    String text = Files.readString(stat);
                    String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                    ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    if (ticks >= 0) {
                        break; // the function's JVM has ended
                    }
                }
            }
            Thread.sleep(2);
        }
        return ticks < 0 ? Double.NaN : ticks * 10.0;
    }

    /** The tick must have read the override and evaluated every rule without a provider problem, or it measured nothing. */
    private static void check(Target t, String out) throws IOException {
        if (t.expectedEvaluations() < 0) {
            return;
        }
        String[] lines = out.strip().split("\\R");
        JsonNode summary = JSON.readTree(lines[lines.length - 1]);
        int evaluated = summary.path("evaluated").asInt(-1);
        JsonNode problems = summary.path("problems");
        if (evaluated != t.expectedEvaluations() || problems.size() > 0 || !summary.toString().contains("ssm:")) {
            throw new IllegalStateException(t.name() + ": the tick did not run as intended (expected " + t.expectedEvaluations()
                    + " evaluations from the override, no problems): " + summary + "\n" + out);
        }
    }
}
