package dev.marketalerts.core.job;

import java.util.Objects;

/** Rule state is kept per (rule id, symbol). */
public record RuleKey(String ruleId, String symbol) {
    // equals and hashCode written out, with the values the record's own would give: the generated ones are bootstrapped
    // through method handles on first use, which a cold Lambda container pays on every start, and the quick JIT tier of
    // the alerts command does not inline them (a backtest looks keys up a few million times)
    @Override
    public boolean equals(Object o) {
        return o instanceof RuleKey k && Objects.equals(ruleId, k.ruleId) && Objects.equals(symbol, k.symbol);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(ruleId) + Objects.hashCode(symbol);
    }

    @Override
    public String toString() {
        return ruleId + "/" + symbol;
    }
}
