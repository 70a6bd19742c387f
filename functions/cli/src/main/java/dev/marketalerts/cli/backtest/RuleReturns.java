package dev.marketalerts.cli.backtest;

import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.RuleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Per rule, the forward returns of its alerts at each of {@link ForwardReturns#HORIZONS}: mean, median, hit rate. */
public record RuleReturns(String rule, int alerts, List<ForwardReturns.Stats> stats) {
    public RuleReturns {
        stats = List.copyOf(stats);
    }

    public static List<RuleReturns> of(AlertsConfig config, List<ForwardReturns> rows) {
        List<RuleReturns> out = new ArrayList<>();
        for (RuleConfig rule : config.rules()) {
            List<ForwardReturns> mine = rows.stream().filter(r -> r.alert().rule().equals(rule.id())).toList();
            List<ForwardReturns.Stats> stats = new ArrayList<>();
            for (int i = 0; i < ForwardReturns.HORIZONS.size(); i++) {
                stats.add(ForwardReturns.Stats.of(mine, i));
            }
            out.add(new RuleReturns(rule.id(), mine.size(), stats));
        }
        return out;
    }

    /** The rows as an aligned text table, one group of mean, median and hit rate per horizon. */
    public static List<String> table(List<RuleReturns> rows) {
        int ruleWidth = Math.max(4, rows.stream().mapToInt(r -> r.rule().length()).max().orElse(4));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + ruleWidth + "s  %6s", "RULE", "ALERTS"));
        for (int n : ForwardReturns.HORIZONS) {
            head.append(String.format(Locale.ROOT, "  %8s  %7s  %4s", n + "D MEAN", "MEDIAN", "HIT"));
        }
        List<String> lines = new ArrayList<>();
        lines.add(head.toString());
        for (RuleReturns r : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + ruleWidth + "s  %6d", r.rule(), r.alerts()));
            for (ForwardReturns.Stats s : r.stats()) {
                line.append(String.format(Locale.ROOT, "  %8s  %7s  %4s", s.meanText(), s.medianText(), s.hitText()));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
