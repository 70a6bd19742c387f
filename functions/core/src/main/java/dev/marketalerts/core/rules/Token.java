package dev.marketalerts.core.rules;

/** One lexical token of a condition; {@code column} is 1-based, {@code error} is set only for {@link Kind#ERROR}. */
record Token(Kind kind, String text, int column, String error) {

    enum Kind {
        /** Digits with an optional fraction and exponent: {@code 80000}, {@code 1.5}, {@code 2.5e-2}. */
        NUMBER,
        /** Digits immediately followed by letters: {@code 1d}, {@code 52w} (only valid as a window). */
        NUMBER_WORD,
        /** Digits and dashes: {@code 2026-01-01} (validated by the parser). */
        DATE,
        WORD,
        GT, GE, LT, LE, LPAREN, RPAREN, COMMA, STAR, PERCENT, MINUS,
        /** A character the language does not use; the parser reports {@code error} when it reaches it. */
        ERROR,
        EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    boolean isComparisonOperator() {
        return kind == Kind.GT || kind == Kind.GE || kind == Kind.LT || kind == Kind.LE;
    }
}
