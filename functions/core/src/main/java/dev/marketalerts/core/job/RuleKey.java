package dev.marketalerts.core.job;

/** Rule state is kept per (rule id, symbol). */
public record RuleKey(String ruleId, String symbol) {
    @Override
    public String toString() {
        return ruleId + "/" + symbol;
    }
}
