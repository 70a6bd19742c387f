package dev.marketalerts.core.job;

import java.util.Objects;

/**
 * Rule state is kept per (rule id, symbol). Equality and hash are written out as the record's would be: the generated
 * ones go through method handles, which the quick JIT tier of the {@code alerts} command does not inline, and a backtest
 * looks keys up a few million times.
 */
public record RuleKey(String ruleId, String symbol) {
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
