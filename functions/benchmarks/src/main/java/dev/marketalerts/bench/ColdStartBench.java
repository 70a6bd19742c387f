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
 * <p>Usage: {@code ColdStartBench ALERTS_JAR REPO_DIR [RUNS]}. For a diagnosis, {@code -Dbench.functionJvmOptions=...} is
 * passed to the functions' JVMs as JAVA_TOOL_OPTIONS (e.g. a JFR recording); figures taken that way are not comparable.
 */
public final class ColdStartBench {
    static final double BUDGET = 1.5;
    static final String PARAMETER = "/market-alerts/bench-alerts.yaml";
    private static final Pattern REPORT = Pattern.compile(
            "REPORT RequestId: \\S+\\s+Duration: ([0-9.]+) ms.*Max Memory Used: (\\S+) MB\\s+Init Duration: ([0-9.]+) ms");
    private static final ObjectMapper JSON = Jackson.json();

    /** One function to start: where its template is, its logical id, its event, whether it reads the override. */
    record Target(String name, String template, String logicalId, String event, boolean override, int expectedEvaluations) {
    }

    record Sample(double initMs, double durationMs, double rssMb) {
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
        List<Target> targets = List.of(
                new Target("bare handler (floor)", "functions/benchmarks/bare-handler/template.yaml", "BareHandlerFunction",
                        "events/price-scheduler.json", false, -1),
                new Target("price-alerts", "template.yaml", "PriceAlertsFunction", "events/price-scheduler.json", true, 11),
                new Target("earnings-alerts", "template.yaml", "EarningsAlertsFunction", "events/earnings-scheduler.json", true, 4));

        try (ProviderStub stub = ProviderStub.start(0, Clock.systemUTC())) {
            stub.parameter(PARAMETER, overrideConfig(stub));
            Path envFile = Files.createTempFile("bench-cold-start-", ".env");
            Files.writeString(envFile, "ALERTS_CONFIG_PARAMETER=" + PARAMETER + "\n"
                    + "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT=" + stub.port() + "\n"
                    + "AWS_SESSION_TOKEN=bench-session-token\n"
                    + (System.getProperty("bench.functionJvmOptions", "").isBlank() ? ""
                            : "JAVA_TOOL_OPTIONS=" + System.getProperty("bench.functionJvmOptions") + "\n"));
            Map<Target, List<Sample>> samples = new LinkedHashMap<>();
            targets.forEach(t -> samples.put(t, new ArrayList<>()));
            try {
                // Interleaved, so that a change in machine load hits every zip alike; the first round warms the disk cache.
                for (int run = -1; run < runs; run++) {
                    for (Target t : targets) {
                        Sample s = invoke(alertsJar, repo, t, envFile);
                        System.out.printf("cold start %-22s %s: init %.0f ms, first invoke %.0f ms, max RSS %.0f MB%n", t.name(),
                                run < 0 ? "warm-up" : "run " + (run + 1), s.initMs(), s.durationMs(), s.rssMb());
                        if (run >= 0) {
                            samples.get(t).add(s);
                        }
                    }
                }
            } finally {
                Files.deleteIfExists(envFile);
            }
            report(samples, runs);
        }
    }

    private static void report(Map<Target, List<Sample>> samples, int runs) {
        String part = "2 cold start";
        double floor = 0;
        for (Map.Entry<Target, List<Sample>> e : samples.entrySet()) {
            Target t = e.getKey();
            List<Sample> list = e.getValue();
            double init = Results.percentile(list.stream().mapToDouble(Sample::initMs).toArray(), 50);
            double duration = Results.percentile(list.stream().mapToDouble(Sample::durationMs).toArray(), 50);
            double total = Results.percentile(list.stream().mapToDouble(Sample::totalMs).toArray(), 50);
            double rss = Results.percentile(list.stream().mapToDouble(Sample::rssMb).toArray(), 50);
            String median = "median of " + runs;
            Results.info(part, t.name() + ": init duration", init, "ms", median);
            Results.info(part, t.name() + ": first invoke duration", duration, "ms", median);
            Results.info(part, t.name() + ": JVM start to first event handled", total, "ms", median);
            Results.info(part, t.name() + ": max RSS", rss, "MB", median);
            if (t.expectedEvaluations() < 0) {
                floor = total;
            } else if (t.name().startsWith("price")) {
                Results.row(part, t.name() + " / bare handler (start to first event)", total / floor, "x", "<= " + BUDGET,
                        Results.verdict(total / floor <= BUDGET), "7 equities from a local stub");
            } else {
                Results.info(part, t.name() + " / bare handler (start to first event)", total / floor, "x", "no budget of its own");
            }
        }
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
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(t.name() + ": alerts invoke did not finish within 180 s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(t.name() + ": alerts invoke exited " + p.exitValue() + ":\n" + out);
            }
            Matcher m = REPORT.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException(t.name() + ": no REPORT line in the output of alerts invoke:\n" + out);
            }
            check(t, out);
            double rss = m.group(2).equals("n/a") ? Double.NaN : Double.parseDouble(m.group(2));
            return new Sample(Double.parseDouble(m.group(3)), Double.parseDouble(m.group(1)), rss);
        } finally {
            Files.deleteIfExists(log);
        }
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
