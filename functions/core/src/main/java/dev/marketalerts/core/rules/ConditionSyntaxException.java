package dev.marketalerts.core.rules;

/**
 * A {@code when:} expression that does not parse. {@code column} is 1-based within the expression;
 * {@link #getMessage()} says what is wrong and what was expected; {@link #pointer()} renders the
 * expression with a caret under the problem.
 */
public final class ConditionSyntaxException extends Exception {
    private final String expression;
    private final int column;
    private final String reason;

    public ConditionSyntaxException(String expression, int column, String reason) {
        super(reason);
        this.expression = expression;
        this.column = column;
        this.reason = reason;
    }

    public String expression() {
        return expression;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }

    /** Two lines: the expression, then spaces and a {@code ^} under column. */
    public String pointer() {
        return expression + System.lineSeparator() + " ".repeat(Math.max(0, column - 1)) + "^";
    }
}
