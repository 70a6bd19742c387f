package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.marketalerts.core.rules.BoolExpr.And;
import dev.marketalerts.core.rules.BoolExpr.Comparison;
import dev.marketalerts.core.rules.BoolExpr.Crossing;
import dev.marketalerts.core.rules.BoolExpr.Not;
import dev.marketalerts.core.rules.BoolExpr.Or;
import dev.marketalerts.core.rules.ValueExpr.MetricRef;
import dev.marketalerts.core.rules.ValueExpr.Num;
import dev.marketalerts.core.rules.ValueExpr.Product;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionParserTest {

    private static final String METRIC_LIST =
            "price, open, volume, gap, change, change_since, sma, ema, high, low, avg_volume, rsi, macd, macd_signal, macd_hist, "
                    + "bb_upper, bb_lower, atr, abs";

    /** The nesting limit the README documents. */
    private static final int NESTING_LIMIT = 64;

    private static ParsedCondition parse(String text) throws ConditionSyntaxException {
        return (ParsedCondition) ConditionParser.parse(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            price > 80000                              | price > 80000
            price>=80000                               | price >= 80000
            price < 1.5                                | price < 1.5
            price <= 80000                             | price <= 80000
            open > 10                                  | open > 10
            volume > 2 * avg_volume(20)                | volume > 2 * avg_volume(20)
            avg_volume(20) * 2 < volume                | avg_volume(20) * 2 < volume
            gap >= 3%                                  | gap >= 3%
            change(1d) >= 8%                           | change(1d) >= 8%
            change( 2w ) > 0                           | change(2w) > 0
            change(3m) > 0                             | change(3m) > 0
            change(52w) > 0                            | change(52w) > 0
            change(ytd) > 0                            | change(ytd) > 0
            change_since(2026-01-01) >= 40%            | change_since(2026-01-01) >= 40%
            change_since(last_earnings) < -10%         | change_since(last_earnings) < -10%
            sma(50) < ema(20)                          | sma(50) < ema(20)
            price >= high(52w)                         | price >= high(52w)
            price <= low(10d)                          | price <= low(10d)
            high(ytd) > low(1m)                        | high(ytd) > low(1m)
            abs(change(1d)) >= 8%                      | abs(change(1d)) >= 8%
            price > sma(200) * 1.05                    | price > sma(200) * 1.05
            price crosses below 80000                  | price crosses below 80000
            price crosses above high(20d)              | price crosses above high(20d)
            rsi(14) crosses below 30                   | rsi(14) crosses below 30
            rsi( 14 ) > 70                             | rsi(14) > 70
            macd(12,26) crosses above macd_signal(12,26,9) | macd(12,26) crosses above macd_signal(12,26,9)
            macd( 12 , 26 ) > 0                        | macd(12,26) > 0
            macd_hist(12, 26, 9) crosses above 0       | macd_hist(12,26,9) crosses above 0
            price crosses above bb_upper(20,2)         | price crosses above bb_upper(20,2)
            price < bb_lower(20, 2.50)                 | price < bb_lower(20,2.5)
            bb_upper(20, 1.5e0) > price                | bb_upper(20,1.5) > price
            atr(14) > 2.5% * price                     | atr(14) > 2.5% * price
            price > 1e3                                | price > 1e3
            price > 2.5E-2                             | price > 2.5E-2
            price > 5 and volume > 3 or gap < 1%       | price > 5 and volume > 3 or gap < 1%
            not price > 5                              | not price > 5
            not not price > 5                          | not not price > 5
            not (price > 5 and volume > 3)             | not (price > 5 and volume > 3)
            (price > 5 or volume > 3) and gap > 0      | (price > 5 or volume > 3) and gap > 0
            (price) > 5                                | price > 5
            ((price > 5))                              | price > 5
            (abs(change(1d)) > 5%)                     | abs(change(1d)) > 5%
            not (price) * 2 > 5                        | not price * 2 > 5
            (price * 2) > (5)                          | price * 2 > 5
            price * (2 * volume) > 1                   | price * (2 * volume) > 1
            -price < -5                                | -price < -5
            -(price * 2) < 5                           | -(price * 2) < 5
            '  price   >   5  '                        | price > 5
            """)
    void everyGrammarFormParsesToItsCanonicalText(String text, String canonical) throws Exception {
        ParsedCondition c = parse(text);

        assertThat(c).hasToString(canonical);
        assertThat(c.text()).isEqualTo(text);
        assertThat(parse(canonical)).isEqualTo(c).hasToString(canonical);
    }

    @Test
    void everyExampleOfTheReadmesConditionLanguageParses() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../../README.md"));
        int section = readme.indexOf("### The condition language");
        int from = readme.indexOf("```\n", section) + 4;
        List<String> examples = readme.substring(from, readme.indexOf("```", from)).lines()
                .map(l -> l.replaceFirst("#.*", "").strip())
                .toList();

        assertThat(examples).hasSizeGreaterThan(10).doesNotContain("");
        for (String example : examples) {
            assertThat(parse(example).text()).isEqualTo(example);
        }
    }

    @Test
    void andBindsTighterThanOr() throws Exception {
        BoolExpr root = parse("price > 1 or price > 2 and price > 3").root();

        assertThat(root).isInstanceOf(Or.class);
        Or or = (Or) root;
        assertThat(or.operands()).hasSize(2);
        assertThat(or.operands().get(0)).isInstanceOf(Comparison.class);
        assertThat(or.operands().get(1)).isInstanceOf(And.class).hasToString("price > 2 and price > 3");
    }

    @Test
    void parenthesesOverridePrecedenceAndNotBindsTightest() throws Exception {
        BoolExpr grouped = parse("(price > 1 or price > 2) and price > 3").root();
        BoolExpr negated = parse("not price > 1 and price > 2").root();

        assertThat(grouped).isInstanceOf(And.class);
        assertThat(((And) grouped).operands().get(0)).isInstanceOf(Or.class);
        assertThat(negated).isInstanceOf(And.class);
        assertThat(((And) negated).operands().get(0)).isInstanceOf(Not.class);
    }

    @Test
    void aParenthesisAtComparisonStartMayOpenAValue() throws Exception {
        BoolExpr root = parse("(price * 2) > 5").root();

        assertThat(root).isInstanceOf(Comparison.class);
        assertThat(((Comparison) root).left()).isInstanceOf(Product.class);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "8%, 0.08",
        "1.5%, 0.015",
        "80000, 80000",
        "1.5, 1.5",
        "0.25, 0.25",
        "1e3, 1000",
        "1E3, 1000",
        "1e+3, 1000",
        "12.5e1, 125",
        "2.5e-2, 0.025",
        "2.5e-2%, 0.00025",
        "1e0, 1",
        "0e5, 0",
    })
    void numbersAreExactDecimalsAndPercentMeansHundredths(String literal, String value) throws Exception {
        Comparison c = (Comparison) parse("price > " + literal).root();

        assertThat(((Num) c.right()).number()).isEqualTo(new BigDecimal(value));
    }

    @Test
    void numberTimesMetricAndMetricTimesNumberAreProducts() throws Exception {
        Comparison a = (Comparison) parse("volume > 2 * avg_volume(20)").root();
        Comparison b = (Comparison) parse("price > sma(200) * 1.05").root();

        assertThat(((Product) a.right()).left()).isInstanceOf(Num.class);
        assertThat(((Product) a.right()).right()).isInstanceOf(MetricRef.class);
        assertThat(((Product) b.right()).left()).isInstanceOf(MetricRef.class);
        assertThat(((Product) b.right()).right()).isInstanceOf(Num.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            change(1d) > 0                  | DAYS   | 1
            change(1000d) > 0               | DAYS   | 1000
            change(2w) > 0                  | WEEKS  | 2
            change(52w) > 0                 | WEEKS  | 52
            change(3m) > 0                  | MONTHS | 3
            change(ytd) > 0                 | YTD    | 0
            """)
    void windowsParseToUnitAndCount(String text, Window.Unit unit, int n) throws Exception {
        MetricRef ref = (MetricRef) ((Comparison) parse(text).root()).left();

        assertThat(ref.metric()).isEqualTo(new Metric.Change(new Window(unit, n)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("indicators")
    void indicatorsParseToTheirPeriods(String text, Metric metric) throws Exception {
        MetricRef ref = (MetricRef) ((Comparison) parse(text + " > 0").root()).left();

        assertThat(ref.metric()).isEqualTo(metric);
        assertThat(ref.text()).isEqualTo(text.replace(" ", ""));
    }

    static Stream<Arguments> indicators() {
        return Stream.of(
                Arguments.of("rsi(14)", new Metric.Rsi(14)),
                Arguments.of("atr(14)", new Metric.Atr(14)),
                Arguments.of("macd(12, 26)", new Metric.Macd(12, 26)),
                Arguments.of("macd_signal(12, 26, 9)", new Metric.MacdSignal(12, 26, 9, false)),
                Arguments.of("macd_hist(5, 35, 5)", new Metric.MacdSignal(5, 35, 5, true)),
                Arguments.of("bb_upper(20, 2)", new Metric.Bollinger(20, new BigDecimal("2"), true)),
                Arguments.of("bb_lower(10, 1.5)", new Metric.Bollinger(10, new BigDecimal("1.50"), false)));
    }

    @Test
    void bandWidthsWrittenDifferentlyAreTheSameCondition() throws Exception {
        assertThat(parse("price > bb_upper(20, 2.0)")).isEqualTo(parse("price > bb_upper(20,2)"))
                .hasToString("price > bb_upper(20,2)");
        assertThat(parse("price > bb_upper(20, 1e1)")).hasToString("price > bb_upper(20,10)").isNotEqualTo(parse("price > bb_upper(20,1)"));
    }

    @Test
    void changeSinceKeepsTheDateOrLastEarnings() throws Exception {
        MetricRef dated = (MetricRef) ((Comparison) parse("change_since(2026-01-01) > 0").root()).left();
        MetricRef earnings = (MetricRef) ((Comparison) parse("change_since(last_earnings) > 0").root()).left();

        assertThat(dated.metric()).isEqualTo(new Metric.ChangeSince(LocalDate.of(2026, 1, 1)));
        assertThat(earnings.metric()).isEqualTo(new Metric.ChangeSince(null));
    }

    @Test
    void crossingsAreKeyedByPositionAndCanonicalText() throws Exception {
        ParsedCondition c = parse("price  crosses below 80000 or price crosses above sma( 50 )");

        assertThat(c.crossingKeys()).containsExactly(
                "#1:price crosses below 80000", "#2:price crosses above sma(50)");
        Or or = (Or) c.root();
        assertThat(((Crossing) or.operands().get(1)).key()).isEqualTo("#2:price crosses above sma(50)");
    }

    @ParameterizedTest(name = "{0} needs {1}")
    @CsvSource(delimiter = '|', textBlock = """
            price > 1                            | 1
            open > 1                             | 1
            gap > 1%                             | 2
            change(1d) > 1%                      | 2
            change(20d) > 1%                     | 21
            change(2w) > 1%                      | 15
            change(52w) > 1%                     | 365
            change(3m) > 1%                      | 94
            change(ytd) > 1%                     | 367
            change_since(2026-01-01) > 1%        | 368
            sma(200) < price                     | 200
            ema(20) < price                      | 250
            ema(84) < price                      | 282
            ema(200) < price                     | 630
            avg_volume(20) < volume              | 21
            high(10d) < price                    | 11
            high(52w) < price                    | 365
            low(2m) > price                      | 63
            rsi(14) < 30                         | 250
            rsi(100) < 30                        | 333
            atr(14) > 1                          | 250
            atr(200) > 1                         | 633
            macd(12,26) > 0                      | 250
            macd(12,100) > 0                     | 330
            macd_signal(12,26,9) > 0             | 250
            macd_hist(12,100,9) > 0              | 354
            bb_upper(20,2) > price               | 20
            bb_lower(50, 2.5) < price            | 50
            abs(change(5d)) > 1% or sma(3) > 1   | 6
            """)
    void barsNeededIsTheLargestNeedOfAnyMetric(String text, int bars) throws Exception {
        assertThat(parse(text).barsNeeded()).isEqualTo(bars);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            prise > 80000                  | 1  | unknown metric 'prise', expected one of $M (did you mean 'price'?)
            PRICE > 5                      | 1  | unknown metric 'PRICE', expected one of $M (did you mean 'price'?)
            avg_volum(20) > 1              | 1  | unknown metric 'avg_volum', expected one of $M (did you mean 'avg_volume'?)
            close > 5                      | 1  | unknown metric 'close', expected one of $M
            change(x) > 1%                 | 8  | expected a window like 1d, 2w, 3m, 52w or ytd after 'change(' but found 'x'
            change(5y) > 1%                | 8  | expected a window like 1d, 2w, 3m, 52w or ytd after 'change(' but found '5y'
            high() > 1                     | 6  | expected a window like 1d, 2w, 3m, 52w or ytd after 'high(' but found ')'
            change(0d) > 1%                | 8  | window 0d is out of range, expected 1d to 1000d
            low(1001w) > 1                 | 5  | window 1001w is out of range, expected 1w to 1000w
            price crosses 80000            | 15 | expected 'above' or 'below' after 'crosses' but found '80000'
            price crosses abve 80000       | 15 | expected 'above' or 'below' after 'crosses' but found 'abve' (did you mean 'above'?)
            price crosses                  | 14 | unexpected end of expression, expected 'above' or 'below' after 'crosses'
            price crosess above 1          | 7  | expected one of >, >=, <, <=, crosses above, crosses below but found 'crosess' (did you mean 'crosses'?)
            price >                        | 8  | unexpected end of expression, expected a number or a metric
            ""                             | 1  | unexpected end of expression, expected a number or a metric
            price > 5 and                  | 14 | unexpected end of expression, expected a number or a metric
            not                            | 4  | unexpected end of expression, expected a number or a metric
            price                          | 6  | unexpected end of expression, expected one of >, >=, <, <=, crosses above, crosses below
            (price > 5                     | 1  | unbalanced parenthesis, '(' is never closed
            sma(20                         | 4  | unbalanced parenthesis, '(' is never closed
            price > 5)                     | 10 | unbalanced parenthesis, ')' has no matching '('
            abs(price)) > 5                | 11 | unbalanced parenthesis, ')' has no matching '('
            change_since(2026-02-30) > 0   | 14 | invalid date 2026-02-30
            change_since(2026-1-1) > 0     | 14 | invalid date 2026-1-1, expected YYYY-MM-DD
            change_since(yesterday) > 0    | 14 | expected a date YYYY-MM-DD or last_earnings after 'change_since(' but found 'yesterday'
            price > > 5                    | 9  | expected a number or a metric but found '>'
            price > and                    | 9  | expected a number or a metric but found 'and'
            price > 2026-01-01             | 9  | expected a number or a metric but found '2026-01-01'
            sma(0) > 1                     | 5  | sma period 0 is out of range, expected 1 to 1000
            ema(1001) > 1                  | 5  | ema period 1001 is out of range, expected 1 to 1000
            avg_volume(2.5) > 1            | 12 | expected a whole number of sessions from 1 to 1000 after 'avg_volume(' but found '2.5'
            sma 20 > 1                     | 5  | expected '(' after 'sma' but found '20'
            sma(20 > 1                     | 8  | expected ')' but found '>'
            abs(price > 5) > 1             | 11 | expected ')' but found '>'
            (price > 5 6)                  | 12 | expected ')', 'and' or 'or' but found '6'
            price > 5 volume > 3           | 11 | expected 'and', 'or' or the end of the expression but found 'volume'
            price > 5 adn volume > 3       | 11 | expected 'and', 'or' or the end of the expression but found 'adn' (did you mean 'and'?)
            price > 5 o volume > 3         | 11 | expected 'and', 'or' or the end of the expression but found 'o' (did you mean 'or'?)
            1 < price < 2                  | 11 | expected 'and', 'or' or the end of the expression but found '<'
            price > 5%%                    | 11 | expected 'and', 'or' or the end of the expression but found '%'
            price = 5                      | 7  | unsupported operator '=', expected one of >, >=, <, <=, crosses above, crosses below
            price == 5                     | 7  | unsupported operator '==', expected one of >, >=, <, <=, crosses above, crosses below
            price > 5 + 1                  | 11 | unsupported operator '+', the only arithmetic is '*' and unary '-'
            price > 5 $                    | 11 | unexpected character '$'
            price > 1e                     | 9  | expected a number or a metric but found '1e'
            price > 1e3d                   | 9  | expected a number or a metric but found '1e3d'
            price > 2e-                    | 9  | expected a number or a metric but found '2e'
            price, 5                       | 6  | expected one of >, >=, <, <=, crosses above, crosses below but found ','
            rsi(0) > 1                     | 5  | rsi period 0 is out of range, expected 1 to 1000
            atr(1001) > 1                  | 5  | atr period 1001 is out of range, expected 1 to 1000
            rsi(14, 2) > 1                 | 7  | expected ')' but found ','
            rsi(1e1) > 1                   | 5  | expected a whole number of sessions from 1 to 1000 after 'rsi(' but found '1e1'
            macd(12) > 0                   | 8  | expected ',' between the arguments of 'macd(' but found ')'
            macd(12 26) > 0                | 9  | expected ',' between the arguments of 'macd(' but found '26'
            macd(26, 12) > 0               | 6  | macd fast period 26 is not below the slow period 12, expected macd(fast, slow) like macd(12, 26)
            macd(12, 12) > 0               | 6  | macd fast period 12 is not below the slow period 12, expected macd(fast, slow) like macd(12, 26)
            macd(12, 26, 9) > 0            | 12 | expected ')' but found ','
            macd_signal(12, 26) > 0        | 19 | expected ',' between the arguments of 'macd_signal(' but found ')'
            macd_hist(26, 12, 9) > 0       | 11 | macd_hist fast period 26 is not below the slow period 12, expected macd_hist(fast, slow, signal) like macd_hist(12, 26, 9)
            macd_signal(12, 26, 0) > 0     | 21 | macd_signal period 0 is out of range, expected 1 to 1000
            bb_upper(20) > 0               | 12 | expected ',' between the arguments of 'bb_upper(' but found ')'
            bb_upper(20, 0) > 0            | 14 | bb_upper width 0 is out of range, expected a number of standard deviations above 0 and at most 10
            bb_lower(20, 10.5) > 0         | 14 | bb_lower width 10.5 is out of range, expected a number of standard deviations above 0 and at most 10
            bb_lower(20, -2) > 0           | 14 | expected a number of standard deviations like 2 after 'bb_lower(N, ' but found '-'
            bb_upper(20, 2%) > 0           | 15 | expected ')' but found '%'
            bb_upper(20, 1e-13) > 0        | 14 | number 1e-13 is out of range, expected at most 15 digits before the decimal point and 12 after it
            """)
    void badExpressionsSayWhereAndWhat(String text, int column, String reason) {
        ConditionSyntaxException e = catchThrowableOfType(() -> ConditionParser.parse(text), ConditionSyntaxException.class);

        assertThat(e).as("parse error for %s", text).isNotNull();
        assertThat(e.reason()).isEqualTo(reason.replace("$M", METRIC_LIST));
        assertThat(e.getMessage()).isEqualTo(e.reason());
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.expression()).isEqualTo(text);
    }

    /**
     * Ways to nest: how to write {@code n} levels, and the column of the token that opens level {@code i}.
     */
    static Stream<Arguments> nestings() {
        return Stream.of(
                nesting("parentheses", n -> "(".repeat(n) + "price > 1" + ")".repeat(n), i -> i),
                nesting("arithmetic parentheses", n -> "price > " + "(".repeat(n) + "1" + ")".repeat(n), i -> 8 + i),
                nesting("not", n -> "not ".repeat(n) + "price > 1", i -> 4 * (i - 1) + 1),
                nesting("unary minus", n -> "price > " + "-".repeat(n) + "1", i -> 8 + i),
                nesting("abs", n -> "abs(".repeat(n) + "price" + ")".repeat(n) + " > 1", i -> 4 * (i - 1) + 1),
                nesting("products", n -> "price > " + "2 * ".repeat(n) + "1", i -> 8 + 4 * (i - 1) + 3),
                nesting("not and parentheses",
                        n -> "not (".repeat(n / 2) + (n % 2 == 1 ? "not " : "") + "price > 1" + ")".repeat(n / 2),
                        i -> i % 2 == 1 ? 5 * ((i + 1) / 2 - 1) + 1 : 5 * (i / 2 - 1) + 5));
    }

    private static Arguments nesting(String name, IntFunction<String> levels, IntUnaryOperator columnOfLevel) {
        return Arguments.of(name, levels, columnOfLevel);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nestings")
    void nestingUpToTheLimitParses(String name, IntFunction<String> levels, IntUnaryOperator columnOfLevel) throws Exception {
        String text = levels.apply(NESTING_LIMIT);

        assertThat(parse(text).text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nestings")
    void nestingPastTheLimitIsASyntaxErrorAtTheFirstLevelTooDeep(String name, IntFunction<String> levels,
            IntUnaryOperator columnOfLevel) {
        String text = levels.apply(NESTING_LIMIT + 1);

        ConditionSyntaxException e = catchThrowableOfType(() -> ConditionParser.parse(text), ConditionSyntaxException.class);

        assertThat(e).isNotNull();
        assertThat(e.column()).isEqualTo(columnOfLevel.applyAsInt(NESTING_LIMIT + 1));
        assertThat(e.reason()).isEqualTo("the expression is nested more than 64 levels deep (each parenthesis, 'not', unary '-', "
                + "'abs(' and '*' adds one), expected a simpler condition");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nestings")
    void deeplyNestedConditionIsASyntaxErrorNotAStackOverflow(String name, IntFunction<String> levels,
            IntUnaryOperator columnOfLevel) {
        String text = levels.apply(20_000);

        assertThatThrownBy(() -> ConditionParser.parse(text))
                .isInstanceOfSatisfying(ConditionSyntaxException.class,
                        e -> assertThat(e.column()).isEqualTo(columnOfLevel.applyAsInt(NESTING_LIMIT + 1)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "999999999999999",
        "9.99999999999999e14",
        "1e-12",
        "1000000000000e-24",
        "-999999999999999",
        "0.000000000001",
        "123456789012345.123456789012",
        "1.500000000000000000000",
        "000000000000000000000000001",
        "99.999999999999%",
    })
    void literalsWithinFifteenDigitsAndTwelveDecimalsAreAccepted(String literal) throws Exception {
        String text = "price > " + literal;

        assertThat(parse(text).text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "1000000000000000, 9",
        "-1000000000000000, 10",
        "0.0000000000001, 9",
        "1.0000000000001, 9",
        "1000000000000000%, 9",
        "1e15, 9",
        "-1E15, 10",
        "1e-13, 9",
        "1.5e-12, 9",
        "1e99999999999, 9",
        "1e-99999999999, 9",
    })
    void literalsBeyondFifteenDigitsOrTwelveDecimalsAreSyntaxErrors(String literal, int column) {
        String text = "price > " + literal;

        ConditionSyntaxException e = catchThrowableOfType(() -> ConditionParser.parse(text), ConditionSyntaxException.class);

        assertThat(e).isNotNull();
        assertThat(e.column()).isEqualTo(column);
        String number = literal.replaceFirst("^-", "").replace("%", "");
        assertThat(e.reason()).isEqualTo("number " + number
                + " is out of range, expected at most 15 digits before the decimal point and 12 after it");
    }

    @Test
    void aMillionDigitLiteralIsRejectedWithoutBeingEchoedWhole() {
        String digits = "9".repeat(1_000_000);

        ConditionSyntaxException e = catchThrowableOfType(() -> ConditionParser.parse("price > " + digits),
                ConditionSyntaxException.class);

        assertThat(e).isNotNull();
        assertThat(e.column()).isEqualTo(9);
        assertThat(e.reason()).isEqualTo("number " + "9".repeat(64)
                + "... is out of range, expected at most 15 digits before the decimal point and 12 after it");
    }

    @Test
    void pointerPutsTheCaretUnderTheOffendingToken() {
        assertThatThrownBy(() -> ConditionParser.parse("price > > 5"))
                .isInstanceOfSatisfying(ConditionSyntaxException.class, e -> assertThat(e.pointer())
                        .isEqualTo("price > > 5" + System.lineSeparator() + "        ^"));
    }

    @Test
    void nullParsesAsAnEmptyExpression() {
        assertThatThrownBy(() -> ConditionParser.parse(null))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessage("unexpected end of expression, expected a number or a metric");
    }
}
