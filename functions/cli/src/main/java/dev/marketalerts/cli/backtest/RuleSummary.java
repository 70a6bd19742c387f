package dev.marketalerts.cli.backtest;

import dev.marketalerts.cli.common.AlertLines;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.RuleConfig;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row of a backtest's per-rule table: how often a rule fired for a symbol and kind, and when first
 * and last. Every (rule, symbol) of the config gets a row, with {@code fired = 0} when nothing fired.
 */
public record RuleSummary(String rule, String symbol, String kind, int fired, Instant first, Instant last) {

    public static List<RuleSummary> of(AlertsConfig config, List<Alert> alerts) {
        List<RuleSummary> rows = new ArrayList<>();
        // each (rule, symbol)'s alerts in their order, grouped once rather than searched for every pair
        Map<List<String>, List<Alert>> byRuleAndSymbol = new HashMap<>();
        for (Alert a : alerts) {
            byRuleAndSymbol.computeIfAbsent(List.of(a.rule(), a.symbol()), k -> new ArrayList<>()).add(a);
        }
        for (RuleConfig rule : config.rules()) {
            for (String symbol : rule.symbols()) {
                List<Alert> mine = byRuleAndSymbol.getOrDefault(List.of(rule.id(), symbol), List.of());
                List<String> kinds = mine.stream().map(a -> a.kind().wireName()).distinct().sorted().toList();
                if (kinds.isEmpty()) {
                    rows.add(new RuleSummary(rule.id(), symbol, rule.isEarnings() ? "-" : "price", 0, null, null));
                }
                for (String kind : kinds) {
                    List<Alert> ofKind = mine.stream().filter(a -> a.kind().wireName().equals(kind)).toList();
                    rows.add(new RuleSummary(rule.id(), symbol, kind, ofKind.size(), ofKind.get(0).triggeredAt(),
                            ofKind.get(ofKind.size() - 1).triggeredAt()));
                }
            }
        }
        return rows;
    }

    /** The rows as an aligned text table. */
    public static List<String> table(List<RuleSummary> rows, ZoneId zone) {
        int ruleWidth = Math.max(4, rows.stream().mapToInt(r -> r.rule().length()).max().orElse(4));
        int symbolWidth = Math.max(6, rows.stream().mapToInt(r -> r.symbol().length()).max().orElse(6));
        int kindWidth = Math.max(4, rows.stream().mapToInt(r -> r.kind().length()).max().orElse(4));
        String format = "%-" + ruleWidth + "s  %-" + symbolWidth + "s  %-" + kindWidth + "s  %5s  %-20s  %s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, format, "RULE", "SYMBOL", "KIND", "FIRED", "FIRST", "LAST").stripTrailing());
        for (RuleSummary r : rows) {
            lines.add(String.format(Locale.ROOT, format, r.rule(), r.symbol(), r.kind(), r.fired(),
                    r.first() == null ? "-" : AlertLines.time(r.first(), zone), r.last() == null ? "-" : AlertLines.time(r.last(), zone))
                    .stripTrailing());
        }
        return lines;
    }
}
