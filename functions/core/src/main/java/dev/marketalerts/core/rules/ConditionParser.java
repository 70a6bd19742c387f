package dev.marketalerts.core.rules;

import dev.marketalerts.core.rules.BoolExpr.And;
import dev.marketalerts.core.rules.BoolExpr.Comparison;
import dev.marketalerts.core.rules.BoolExpr.Crossing;
import dev.marketalerts.core.rules.BoolExpr.Not;
import dev.marketalerts.core.rules.BoolExpr.Op;
import dev.marketalerts.core.rules.BoolExpr.Or;
import dev.marketalerts.core.rules.Token.Kind;
import dev.marketalerts.core.rules.ValueExpr.Abs;
import dev.marketalerts.core.rules.ValueExpr.MetricRef;
import dev.marketalerts.core.rules.ValueExpr.Negate;
import dev.marketalerts.core.rules.ValueExpr.Num;
import dev.marketalerts.core.rules.ValueExpr.Product;
import dev.marketalerts.core.text.DidYouMean;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Parses the condition language of alerts.yaml's {@code when:} into a {@link Condition} (hand-written lexer and
 * recursive descent):
 * <pre>
 * expr       := orExpr
 * orExpr     := andExpr ('or' andExpr)*
 * andExpr    := notExpr ('and' notExpr)*
 * notExpr    := 'not' notExpr | '(' expr ')' | comparison
 * comparison := value (('&gt;' | '&gt;=' | '&lt;' | '&lt;=') value | 'crosses' ('above' | 'below') value)
 * value      := term ('*' term)*
 * term       := number ['%'] | metric | '(' value ')' | '-' term
 * number     := digits ['.' digits] [('e' | 'E') ['+' | '-'] digits]
 * metric     := price | open | volume | gap | change(W) | change_since(YYYY-MM-DD | last_earnings)
 *             | sma(N) | ema(N) | high(W) | low(W) | avg_volume(N) | rsi(N) | atr(N)
 *             | macd(N, N) | macd_signal(N, N, N) | macd_hist(N, N, N) | bb_upper(N, K) | bb_lower(N, K) | abs(value)
 * W          := Nd | Nw | Nm | ytd        (N from 1 to 1000)
 * K          := number                    (above 0, at most 10)
 * </pre>
 * A {@code (} at the start of a comparison opens a boolean group when the parenthesised tokens contain a comparison,
 * crossing, {@code and}, {@code or} or {@code not} (a value can contain none of these), and an arithmetic group
 * otherwise.
 *
 * <p>Parentheses, {@code not}, unary {@code -}, {@code abs(} and each further {@code *} factor nest the expression one
 * level deeper; more than {@link #MAX_NESTING} levels is a syntax error, so that parsing and evaluating (both recursive)
 * never run out of stack. Number literals are bounded by {@link #MAX_LITERAL} and {@link #MAX_DECIMALS}.
 */
public final class ConditionParser {
    static final int MAX_PERIOD = 1000;
    public static final int MAX_NESTING = 64;
    /** Literals are below this in magnitude (volumes included), with at most {@link #MAX_DECIMALS} decimal places. */
    public static final BigDecimal MAX_LITERAL = new BigDecimal("1e15");
    public static final int MAX_DECIMALS = 12;
    private static final int MAX_LITERAL_LENGTH = 64;
    /** The largest band width {@code K} of {@code bb_upper(N, K)} / {@code bb_lower(N, K)}, in standard deviations. */
    static final BigDecimal MAX_BAND_WIDTH = BigDecimal.TEN;
    static final List<String> METRICS = List.of("price", "open", "volume", "gap", "change", "change_since", "sma", "ema",
            "high", "low", "avg_volume", "rsi", "macd", "macd_signal", "macd_hist", "bb_upper", "bb_lower", "atr", "abs");
    private static final List<String> KEYWORDS = List.of("and", "or", "not", "crosses", "above", "below", "ytd", "last_earnings");

    private ConditionParser() {
    }

    public static Condition parse(String text) throws ConditionSyntaxException {
        return new Parser(text == null ? "" : text).parse();
    }

    private static final class Parser {
        private final String src;
        private final List<Token> tokens;
        private int pos;
        /** Open parentheses, to tell a stray ')' from a misplaced one. */
        private int depth;
        /** How deep the tree under construction is (see {@link #MAX_NESTING}). */
        private int nesting;
        private final Map<String, Integer> slots = new HashMap<>();
        private final List<String> slotNames = new ArrayList<>();
        /** The metric each slot reads (for {@code abs(m)} the metric inside), or null; to say why a value is unknown. */
        private final List<Metric> slotMetrics = new ArrayList<>();
        private final List<Integer> slotColumns = new ArrayList<>();
        private final List<ObservedMetric> slotFacts = new ArrayList<>();
        private final List<String> crossingKeys = new ArrayList<>();

        Parser(String src) {
            this.src = src;
            this.tokens = Lexer.tokenize(src);
        }

        Condition parse() throws ConditionSyntaxException {
            BoolExpr root = parseOr();
            Token t = peek();
            if (!t.is(Kind.EOF)) {
                throw unexpected(t, "'and', 'or' or the end of the expression", List.of("and", "or"));
            }
            int[] observedOrder = IntStream.range(0, slotNames.size()).boxed()
                    .sorted(Comparator.comparing(slotColumns::get))
                    .mapToInt(Integer::intValue)
                    .toArray();
            return new ParsedCondition(src, root, slotNames, slotMetrics, slotFacts, observedOrder, crossingKeys);
        }

        private BoolExpr parseOr() throws ConditionSyntaxException {
            List<BoolExpr> operands = new ArrayList<>();
            operands.add(parseAnd());
            while (peek().isWord("or")) {
                next();
                operands.add(parseAnd());
            }
            return operands.size() == 1 ? operands.get(0) : new Or(operands);
        }

        private BoolExpr parseAnd() throws ConditionSyntaxException {
            List<BoolExpr> operands = new ArrayList<>();
            operands.add(parseNot());
            while (peek().isWord("and")) {
                next();
                operands.add(parseNot());
            }
            return operands.size() == 1 ? operands.get(0) : new And(operands);
        }

        private BoolExpr parseNot() throws ConditionSyntaxException {
            Token t = peek();
            if (t.isWord("not")) {
                next();
                enter(t);
                BoolExpr inner = parseNot();
                nesting--;
                return new Not(inner);
            }
            if (t.is(Kind.LPAREN) && isBooleanGroup(pos)) {
                next();
                depth++;
                enter(t);
                BoolExpr inner = parseOr();
                expectClose(t, "')', 'and' or 'or'");
                nesting--;
                return inner;
            }
            return parseComparison();
        }

        /** Whether the parenthesis at {@code at} encloses a boolean expression (looks ahead to its matching ')'). */
        private boolean isBooleanGroup(int at) {
            int d = 0;
            for (int i = at; i < tokens.size(); i++) {
                Token k = tokens.get(i);
                if (k.is(Kind.LPAREN)) {
                    d++;
                } else if (k.is(Kind.RPAREN)) {
                    if (--d == 0) {
                        return false;
                    }
                } else if (k.isComparisonOperator() || k.isWord("crosses") || k.isWord("and") || k.isWord("or")
                        || k.isWord("not")) {
                    return true;
                }
            }
            return false;
        }

        private BoolExpr parseComparison() throws ConditionSyntaxException {
            ValueExpr left = parseValue();
            Token t = peek();
            if (t.isComparisonOperator()) {
                next();
                Op op = switch (t.kind()) {
                    case GT -> Op.GT;
                    case GE -> Op.GE;
                    case LT -> Op.LT;
                    default -> Op.LE;
                };
                return new Comparison(left, op, parseValue());
            }
            if (t.isWord("crosses")) {
                next();
                Token direction = peek();
                boolean above = direction.isWord("above");
                if (!above && !direction.isWord("below")) {
                    throw unexpected(direction, "'above' or 'below' after 'crosses'", List.of("above", "below"));
                }
                next();
                ValueExpr threshold = parseValue();
                int index = crossingKeys.size();
                String key = "#" + (index + 1) + ":" + left + (above ? " crosses above " : " crosses below ") + threshold;
                crossingKeys.add(key);
                return new Crossing(left, above, threshold, index, key);
            }
            throw unexpected(t, "one of >, >=, <, <=, crosses above, crosses below", List.of("crosses"));
        }

        private ValueExpr parseValue() throws ConditionSyntaxException {
            ValueExpr v = parseTerm();
            int levels = 0;
            while (peek().is(Kind.STAR)) {
                enter(next());
                levels++;
                v = new Product(v, parseTerm());
            }
            nesting -= levels;
            return v;
        }

        private ValueExpr parseTerm() throws ConditionSyntaxException {
            Token t = peek();
            switch (t.kind()) {
                case NUMBER -> {
                    BigDecimal number = literal(t);
                    next();
                    if (peek().is(Kind.PERCENT)) {
                        next();
                        return new Num(number.movePointLeft(2), t.text() + "%");
                    }
                    return new Num(number, t.text());
                }
                case MINUS -> {
                    next();
                    enter(t);
                    ValueExpr operand = parseTerm();
                    nesting--;
                    return new Negate(operand);
                }
                case LPAREN -> {
                    next();
                    depth++;
                    enter(t);
                    ValueExpr inner = parseValue();
                    expectClose(t, "')'");
                    nesting--;
                    return inner;
                }
                case WORD -> {
                    return parseMetric();
                }
                default -> throw unexpected(t, "a number or a metric", List.of());
            }
        }

        private ValueExpr parseMetric() throws ConditionSyntaxException {
            Token name = peek();
            String fn = name.text();
            Metric metric;
            switch (fn) {
                case "price" -> metric = new Metric.Price();
                case "open" -> metric = new Metric.Open();
                case "volume" -> metric = new Metric.Volume();
                case "gap" -> metric = new Metric.Gap();
                case "change", "high", "low" -> {
                    next();
                    Token open = expectOpen(fn);
                    Window window = parseWindow(fn);
                    expectClose(open, "')'");
                    metric = fn.equals("change") ? new Metric.Change(window) : new Metric.Extreme(window, fn.equals("high"));
                    return ref(metric, name);
                }
                case "change_since" -> {
                    next();
                    Token open = expectOpen(fn);
                    LocalDate date = parseSince();
                    expectClose(open, "')'");
                    return ref(new Metric.ChangeSince(date), name);
                }
                case "sma", "ema", "avg_volume", "rsi", "atr" -> {
                    next();
                    Token open = expectOpen(fn);
                    int n = parsePeriod(fn);
                    expectClose(open, "')'");
                    metric = switch (fn) {
                        case "sma" -> new Metric.Sma(n);
                        case "ema" -> new Metric.Ema(n);
                        case "rsi" -> new Metric.Rsi(n);
                        case "atr" -> new Metric.Atr(n);
                        default -> new Metric.AvgVolume(n);
                    };
                    return ref(metric, name);
                }
                case "macd", "macd_signal", "macd_hist" -> {
                    next();
                    Token open = expectOpen(fn);
                    Token fastToken = peek();
                    int fast = parsePeriod(fn);
                    expectComma(fn);
                    int slow = parsePeriod(fn);
                    if (fast >= slow) {
                        throw error(fastToken, fn + " fast period " + fast + " is not below the slow period " + slow
                                + ", expected " + fn + "(fast, slow" + (fn.equals("macd") ? "" : ", signal") + ") like "
                                + (fn.equals("macd") ? "macd(12, 26)" : fn + "(12, 26, 9)"));
                    }
                    if (fn.equals("macd")) {
                        expectClose(open, "')'");
                        return ref(new Metric.Macd(fast, slow), name);
                    }
                    expectComma(fn);
                    int signal = parsePeriod(fn);
                    expectClose(open, "')'");
                    return ref(new Metric.MacdSignal(fast, slow, signal, fn.equals("macd_hist")), name);
                }
                case "bb_upper", "bb_lower" -> {
                    next();
                    Token open = expectOpen(fn);
                    int n = parsePeriod(fn);
                    expectComma(fn);
                    BigDecimal k = parseBandWidth(fn);
                    expectClose(open, "')'");
                    return ref(new Metric.Bollinger(n, k, fn.equals("bb_upper")), name);
                }
                case "abs" -> {
                    next();
                    Token open = expectOpen(fn);
                    enter(name);
                    ValueExpr inner = parseValue();
                    expectClose(open, "')'");
                    nesting--;
                    String text = "abs(" + inner + ")";
                    return new Abs(inner, text, slot(text, name, inner instanceof MetricRef m ? m.metric() : null,
                            new ObservedMetric.Other(text, readsFraction(inner))));
                }
                default -> {
                    if (KEYWORDS.contains(fn)) {
                        throw unexpected(name, "a number or a metric", List.of());
                    }
                    throw error(name, "unknown metric '" + fn + "', expected one of " + String.join(", ", METRICS)
                            + DidYouMean.hint(fn, METRICS));
                }
            }
            next();
            return ref(metric, name);
        }

        /** One level deeper at {@code at}; nesting past {@link #MAX_NESTING} is an error there. */
        private void enter(Token at) throws ConditionSyntaxException {
            if (++nesting > MAX_NESTING) {
                throw error(at, "the expression is nested more than " + MAX_NESTING + " levels deep (each parenthesis, 'not', "
                        + "unary '-', 'abs(' and '*' adds one), expected a simpler condition");
            }
        }

        /** A number token's value, checked against the literal bounds before anything costly is done with it. */
        private BigDecimal literal(Token t) throws ConditionSyntaxException {
            BigDecimal value = null;
            if (t.text().length() <= MAX_LITERAL_LENGTH) {
                try {
                    value = new BigDecimal(t.text());
                } catch (NumberFormatException e) {
                    // an exponent beyond an int: out of range like any other huge number
                }
            }
            if (value == null || value.abs().compareTo(MAX_LITERAL) >= 0 || decimals(value) > MAX_DECIMALS) {
                String shown = t.text().length() > MAX_LITERAL_LENGTH ? t.text().substring(0, MAX_LITERAL_LENGTH) + "..." : t.text();
                throw error(t, "number " + shown + " is out of range, expected at most 15 digits before the decimal point and "
                        + MAX_DECIMALS + " after it");
            }
            // 1e3 is 1000, not 1E+3: values print as plain numbers in alerts and logs.
            return value.scale() < 0 ? value.setScale(0) : value;
        }

        private static int decimals(BigDecimal value) {
            return value.signum() == 0 ? 0 : Math.max(0, value.stripTrailingZeros().scale());
        }

        private MetricRef ref(Metric metric, Token name) {
            String text = metric.toString();
            return new MetricRef(metric, text, slot(text, name, metric, observed(metric, text)));
        }

        /** What an alert's text needs to know about a metric read under {@code key}. */
        private static ObservedMetric observed(Metric metric, String key) {
            if (metric instanceof Metric.Change c) {
                return new ObservedMetric.Change(key, c.window());
            }
            if (metric instanceof Metric.ChangeSince c) {
                return new ObservedMetric.ChangeSince(key, c.date());
            }
            if (metric instanceof Metric.Extreme e) {
                return new ObservedMetric.Extreme(key, e.window(), e.high());
            }
            return new ObservedMetric.Other(key, metric instanceof Metric.Gap);
        }

        /** Whether a value reads a change or a gap anywhere: then {@code abs} of it is a fraction too. */
        private static boolean readsFraction(ValueExpr e) {
            if (e instanceof MetricRef m) {
                return observed(m.metric(), m.text()).fraction();
            }
            if (e instanceof Abs a) {
                return readsFraction(a.operand());
            }
            if (e instanceof Negate n) {
                return readsFraction(n.operand());
            }
            if (e instanceof Product p) {
                return readsFraction(p.left()) || readsFraction(p.right());
            }
            return false;
        }

        /** The cache slot of an observed node; the same text shares one slot (computed once per evaluation). */
        private int slot(String text, Token first, Metric metric, ObservedMetric fact) {
            Integer existing = slots.get(text);
            if (existing != null) {
                slotColumns.set(existing, Math.min(slotColumns.get(existing), first.column()));
                return existing;
            }
            slots.put(text, slotNames.size());
            slotNames.add(text);
            slotMetrics.add(metric);
            slotFacts.add(fact);
            slotColumns.add(first.column());
            return slotNames.size() - 1;
        }

        private Window parseWindow(String fn) throws ConditionSyntaxException {
            Token t = peek();
            if (t.isWord("ytd")) {
                next();
                return Window.YTD;
            }
            if (t.is(Kind.NUMBER_WORD)) {
                String s = t.text();
                String digits = s.substring(0, s.length() - 1);
                Window.Unit unit = switch (s.charAt(s.length() - 1)) {
                    case 'd' -> Window.Unit.DAYS;
                    case 'w' -> Window.Unit.WEEKS;
                    case 'm' -> Window.Unit.MONTHS;
                    default -> null;
                };
                if (unit != null && digits.chars().allMatch(Character::isDigit)) {
                    int n = wholeNumber(digits);
                    if (n < 1 || n > MAX_PERIOD) {
                        char u = s.charAt(s.length() - 1);
                        throw error(t, "window " + s + " is out of range, expected 1" + u + " to " + MAX_PERIOD + u);
                    }
                    next();
                    return new Window(unit, n);
                }
            }
            throw unexpected(t, "a window like 1d, 2w, 3m, 52w or ytd after '" + fn + "('", List.of("ytd"));
        }

        /** The K of a Bollinger band: a number above 0 and at most {@link #MAX_BAND_WIDTH}. */
        private BigDecimal parseBandWidth(String fn) throws ConditionSyntaxException {
            Token t = peek();
            if (!t.is(Kind.NUMBER)) {
                throw unexpected(t, "a number of standard deviations like 2 after '" + fn + "(N, '", List.of());
            }
            BigDecimal k = literal(t);
            if (k.signum() <= 0 || k.compareTo(MAX_BAND_WIDTH) > 0) {
                throw error(t, fn + " width " + t.text() + " is out of range, expected a number of standard deviations above 0 and at most "
                        + MAX_BAND_WIDTH);
            }
            next();
            return k;
        }

        private void expectComma(String fn) throws ConditionSyntaxException {
            Token t = peek();
            if (!t.is(Kind.COMMA)) {
                throw unexpected(t, "',' between the arguments of '" + fn + "('", List.of());
            }
            next();
        }

        private int parsePeriod(String fn) throws ConditionSyntaxException {
            Token t = peek();
            if (t.is(Kind.NUMBER) && t.text().chars().allMatch(Character::isDigit)) {
                int n = wholeNumber(t.text());
                if (n < 1 || n > MAX_PERIOD) {
                    throw error(t, fn + " period " + t.text() + " is out of range, expected 1 to " + MAX_PERIOD);
                }
                next();
                return n;
            }
            throw unexpected(t, "a whole number of sessions from 1 to " + MAX_PERIOD + " after '" + fn + "('", List.of());
        }

        /** Null for {@code last_earnings}. */
        private LocalDate parseSince() throws ConditionSyntaxException {
            Token t = peek();
            if (t.isWord("last_earnings")) {
                next();
                return null;
            }
            if (t.is(Kind.DATE)) {
                String s = t.text();
                boolean shaped = s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-'
                        && s.replace("-", "").length() == 8;
                if (!shaped) {
                    throw error(t, "invalid date " + s + ", expected YYYY-MM-DD");
                }
                try {
                    LocalDate date = LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)),
                            Integer.parseInt(s.substring(8, 10)));
                    next();
                    return date;
                } catch (DateTimeException e) {
                    throw error(t, "invalid date " + s);
                }
            }
            throw unexpected(t, "a date YYYY-MM-DD or last_earnings after 'change_since('", List.of("last_earnings"));
        }

        private Token expectOpen(String fn) throws ConditionSyntaxException {
            Token t = peek();
            if (!t.is(Kind.LPAREN)) {
                throw unexpected(t, "'(' after '" + fn + "'", List.of());
            }
            next();
            depth++;
            return t;
        }

        private void expectClose(Token open, String expected) throws ConditionSyntaxException {
            Token t = peek();
            if (t.is(Kind.RPAREN)) {
                next();
                depth--;
                return;
            }
            if (t.is(Kind.EOF)) {
                throw error(open, "unbalanced parenthesis, '(' is never closed");
            }
            throw unexpected(t, expected, List.of());
        }

        /** The error for finding {@code t} where {@code expected} should be. */
        private ConditionSyntaxException unexpected(Token t, String expected, List<String> suggestions) {
            return switch (t.kind()) {
                case ERROR -> error(t, t.error());
                case EOF -> error(t, "unexpected end of expression, expected " + expected);
                case RPAREN -> depth == 0
                        ? error(t, "unbalanced parenthesis, ')' has no matching '('")
                        : error(t, "expected " + expected + " but found ')'");
                default -> error(t, "expected " + expected + " but found '" + t.text() + "'"
                        + (t.is(Kind.WORD) ? DidYouMean.hint(t.text(), suggestions) : ""));
            };
        }

        private ConditionSyntaxException error(Token at, String reason) {
            return new ConditionSyntaxException(src, at.column(), reason);
        }

        private static int wholeNumber(String digits) {
            // Longer than four digits is out of range anyway (and might not fit an int).
            return digits.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        }

        private Token peek() {
            return tokens.get(pos);
        }

        private Token next() {
            Token t = tokens.get(pos);
            if (!t.is(Kind.EOF)) {
                pos++;
            }
            return t;
        }
    }
}
