package dev.marketalerts.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.core.json.Jackson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into the rule-evaluation figures: rule checks per second for the
 * evaluator and the floor per rule, their ratio (budget 5x for every rule), the 100,000-rule
 * pass and the 1,000-rule config parse. Usage: {@code JmhReport JMH_JSON}.
 */
public final class JmhReport {
    static final double BUDGET = 5.0;

    public static void main(String[] args) throws IOException {
        JsonNode runs = Jackson.json().readTree(Path.of(args[0]).toFile());
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode run : runs) {
            String name = run.path("benchmark").asText();
            byName.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), run.path("primaryMetric"));
        }
        String part = "1 rules";
        for (Map.Entry<String, String> pair : RuleBenchmark.RULES.entrySet()) {
            String type = pair.getKey();
            String rule = pair.getValue();
            JsonNode evaluator = byName.get("RuleBenchmark." + type + "Evaluator");
            JsonNode floor = byName.get("RuleBenchmark." + type + "Floor");
            if (evaluator == null || floor == null) {
                continue;
            }
            double e = evaluator.path("score").asDouble();
            double f = floor.path("score").asDouble();
            Results.info(part, type + " (" + rule + "): evaluator (Condition.check) rule checks/s, 1 core", e, "checks/s", error(evaluator));
            Results.info(part, type + ": floor (primitive loop) checks/s", f, "checks/s", error(floor));
            JsonNode decimal = byName.get("RuleBenchmark." + type + "DecimalLoop");
            if (decimal != null) {
                double d = decimal.path("score").asDouble();
                Results.info(part, type + ": same check as a loop over BigDecimal prices, checks/s", d, "checks/s",
                        String.format(java.util.Locale.ROOT, "evaluator time / this loop's time: %.2fx (the loop: %.1f ns a check)", d / e, 1e9 / d));
            }
            JsonNode explained = byName.get("RuleBenchmark." + type + "Explained");
            if (explained != null) {
                double x = explained.path("score").asDouble();
                Results.info(part, type + ": decision with its explanation (Condition.evaluate: observed values, as-of), checks/s", x,
                        "checks/s", String.format(java.util.Locale.ROOT, "%.1f ns a check, %.1fx the floor", 1e9 / x, f / x));
            }
            JsonNode first = byName.get("RuleBenchmark." + type + "FirstCheck");
            if (first != null) {
                double x = first.path("score").asDouble();
                Results.info(part, type + ": first check of a symbol at a tick (computes the window; later checks share it), checks/s", x,
                        "checks/s", String.format(java.util.Locale.ROOT, "%.1f ns a check, %.1fx the floor", 1e9 / x, f / x));
            }
            Results.row(part, type + ": evaluator time / floor time", f / e, "x", "<= " + BUDGET,
                    Results.verdict(f / e <= BUDGET), String.format(java.util.Locale.ROOT, "%.1f ns vs %.2f ns a check", 1e9 / e, 1e9 / f));
        }
        for (JsonNode run : runs) {
            if (!run.path("benchmark").asText().endsWith("NextTickBenchmark.continued")) {
                continue;
            }
            String type = run.path("params").path("rule").asText();
            JsonNode floor = byName.get("RuleBenchmark." + type + "Floor");
            JsonNode fresh = null;
            for (JsonNode other : runs) {
                if (other.path("benchmark").asText().endsWith("NextTickBenchmark.fresh") && type.equals(other.path("params").path("rule").asText())) {
                    fresh = other;
                }
            }
            double c = run.path("primaryMetric").path("score").asDouble();
            String against = fresh == null ? "" : String.format(java.util.Locale.ROOT, "; a pass over the window instead: %.0f ns, %.1fx as long",
                    1e9 / fresh.path("primaryMetric").path("score").asDouble(), c / fresh.path("primaryMetric").path("score").asDouble());
            Results.info(part, type + ": a symbol's first check at the next session's tick, indicators continued (RunningIndicators), checks/s", c,
                    "checks/s", String.format(java.util.Locale.ROOT, "%.0f ns a check%s; %s", 1e9 / c, against, error(run.path("primaryMetric"))));
            if (floor != null) {
                double f = floor.path("score").asDouble();
                // No budget: this time includes the new tick's context (the session settled, the bars taken as an array), which
                // the floors, a loop over primitive arrays, do not have; the budget is on the checks above.
                Results.info(part, type + ": next tick's first check, continued / floor (the floor runs the window)", f / c, "x",
                        String.format(java.util.Locale.ROOT, "%.0f ns vs %.0f ns a check", 1e9 / c, 1e9 / f));
            }
        }
        JsonNode large = byName.get("RuleBenchmark.thresholdEvaluator1000");
        JsonNode largeFloor = byName.get("RuleBenchmark.thresholdFloor1000");
        if (large != null && largeFloor != null) {
            double e = large.path("score").asDouble();
            double f = largeFloor.path("score").asDouble();
            Results.info(part, "threshold over 1,000 symbols (data beyond the CPU caches): evaluator checks/s", e, "checks/s", error(large));
            Results.info(part, "threshold over 1,000 symbols: floor checks/s", f, "checks/s", error(largeFloor));
            Results.info(part, "threshold over 1,000 symbols: evaluator time / floor time", f / e, "x",
                    String.format(java.util.Locale.ROOT, "%.1f ns vs %.2f ns a check", 1e9 / e, 1e9 / f));
        }
        JsonNode pass = byName.get("FullPassBenchmark.pass");
        if (pass != null) {
            Results.info(part, "100,000 rules over 5,000 symbols (20 mixed rules each, 260 bars), 1 thread", pass.path("score").asDouble(),
                    "ms", error(pass));
        }
        JsonNode parse = byName.get("ConfigParseBenchmark.load");
        if (parse != null) {
            Results.info(part, "config parse + validate, 1,000-rule alerts.yaml", parse.path("score").asDouble(), "ms", error(parse));
        }
    }

    private static String error(JsonNode metric) {
        double error = metric.path("scoreError").asDouble(Double.NaN);
        return Double.isNaN(error) ? "" : "+/- " + Results.format(error) + " (99.9% CI)";
    }
}
