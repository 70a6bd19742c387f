package dev.marketalerts.core.rules;

import dev.marketalerts.core.rules.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a condition into tokens. Bad characters become {@link Kind#ERROR} tokens instead of failing at once,
 * so that the parser reports the leftmost problem of the expression.
 */
final class Lexer {
    private Lexer() {
    }

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int col = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isDigit(c)) {
                int start = i;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
                if (i + 1 < n && s.charAt(i) == '-' && isDigit(s.charAt(i + 1))) {
                    while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '-')) {
                        i++;
                    }
                    out.add(new Token(Kind.DATE, s.substring(start, i), col, null));
                    continue;
                }
                if (i + 1 < n && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
                    i++;
                    while (i < n && isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                int exponentDigits = exponentDigitsAt(s, i);
                if (exponentDigits > 0) {
                    i = exponentDigits;
                    while (i < n && isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                if (i < n && isWordChar(s.charAt(i))) {
                    while (i < n && isWordChar(s.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(Kind.NUMBER_WORD, s.substring(start, i), col, null));
                } else {
                    out.add(new Token(Kind.NUMBER, s.substring(start, i), col, null));
                }
            } else if (isWordStart(c)) {
                int start = i;
                while (i < n && isWordChar(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i), col, null));
            } else if (c == '>' || c == '<') {
                boolean eq = i + 1 < n && s.charAt(i + 1) == '=';
                Kind k = c == '>' ? (eq ? Kind.GE : Kind.GT) : (eq ? Kind.LE : Kind.LT);
                out.add(new Token(k, eq ? c + "=" : String.valueOf(c), col, null));
                i += eq ? 2 : 1;
            } else if (c == '=' || c == '!') {
                int len = i + 1 < n && s.charAt(i + 1) == '=' ? 2 : 1;
                String op = s.substring(i, i + len);
                out.add(new Token(Kind.ERROR, op, col, "unsupported operator '" + op + "', expected one of >, >=, <, <=, crosses above, crosses below"));
                i += len;
            } else if (c == '+' || c == '/') {
                out.add(new Token(Kind.ERROR, String.valueOf(c), col,
                        "unsupported operator '" + c + "', the only arithmetic is '*' and unary '-'"));
                i++;
            } else {
                Kind k = switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '*' -> Kind.STAR;
                    case ',' -> Kind.COMMA;
                    case '%' -> Kind.PERCENT;
                    case '-' -> Kind.MINUS;
                    default -> Kind.ERROR;
                };
                String text = new String(Character.toChars(s.codePointAt(i)));
                out.add(new Token(k, text, col, k == Kind.ERROR ? "unexpected character '" + text + "'" : null));
                i += text.length();
            }
        }
        out.add(new Token(Kind.EOF, "", n + 1, null));
        return out;
    }

    /**
     * Where the digits of an exponent ({@code e3}, {@code E-2}, {@code e+5}) start when one begins at {@code i}, else
     * -1: an {@code e} not followed by digits stays part of a word ({@code 1e} is a malformed window, not a number).
     */
    private static int exponentDigitsAt(String s, int i) {
        if (i >= s.length() || (s.charAt(i) != 'e' && s.charAt(i) != 'E')) {
            return -1;
        }
        int j = i + 1;
        if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
            j++;
        }
        return j < s.length() && isDigit(s.charAt(j)) ? j : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isWordChar(char c) {
        return isWordStart(c) || isDigit(c);
    }
}
