package dev.marketalerts.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.rules.ConditionSyntaxException;
import dev.marketalerts.core.rules.Rearm;
import dev.marketalerts.core.text.DidYouMean;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    private static final String NL = System.lineSeparator();

    @Test
    void designExampleLoadsIntoRecords() throws ConfigException {
        AlertsConfig config = load("design-example.yaml", Map.of());

        assertThat(config.timezone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(config.watchlist()).extracting(Instrument::symbol)
                .containsExactly("NVDA", "MSFT", "META", "AMZN", "IREN", "HUT", "CIFR", "BTC-USD");
        assertThat(config.instrument("NVDA")).contains(new Instrument("NVDA", Market.US_EQUITY, "NVIDIA"));
        assertThat(config.instrument("IREN")).contains(new Instrument("IREN", Market.US_EQUITY, "IREN"));
        assertThat(config.instrument("BTC-USD")).contains(new Instrument("BTC-USD", Market.CRYPTO, "BTC-USD"));
        assertThat(config.rules()).extracting(RuleConfig::id)
                .containsExactly("big-tech-earnings", "iren-ytd", "miners-big-day", "btc-80k");

        RuleConfig earnings = config.rules().get(0);
        assertThat(earnings.symbols()).containsExactly("NVDA", "MSFT", "META", "AMZN");
        assertThat(earnings.isEarnings()).isTrue();
        assertThat(earnings.condition()).isNull();
        assertThat(earnings.earnings().remindDays()).containsExactly(7, 1, 0);
        assertThat(earnings.earnings().dateChange()).isTrue();
        assertThat(earnings.earnings().surprise()).isEqualByComparingTo("0.05");
        assertThat(earnings.trigger()).isEqualTo(Trigger.ON_CHANGE);
        assertThat(earnings.severity()).isEqualTo(Severity.INFO);
        assertThat(earnings.rearm()).isNull();
        assertThat(earnings.cooldown()).isNull();
        assertThat(earnings.expires()).isNull();

        RuleConfig irenYtd = config.rules().get(1);
        assertThat(irenYtd.symbols()).containsExactly("IREN");
        assertThat(irenYtd.condition().text()).isEqualTo("change_since(2026-01-01) >= 40%");
        assertThat(irenYtd.earnings()).isNull();
        assertThat(irenYtd.trigger()).isEqualTo(Trigger.ON_CHANGE);

        RuleConfig miners = config.rules().get(2);
        assertThat(miners.symbols()).containsExactly("IREN", "HUT", "CIFR");
        assertThat(miners.condition().text()).isEqualTo("abs(change(1d)) >= 8%");
        assertThat(miners.trigger()).isEqualTo(Trigger.DAILY);

        RuleConfig btc = config.rules().get(3);
        assertThat(btc.symbols()).containsExactly("BTC-USD");
        assertThat(btc.condition().text()).isEqualTo("price crosses below 80000");
        assertThat(btc.rearm().percent()).isTrue();
        assertThat(btc.rearm().value()).isEqualByComparingTo("0.02");
        assertThat(btc.cooldown()).isEqualTo(Duration.ofHours(6));
        assertThat(btc.severity()).isEqualTo(Severity.WARNING);
        assertThat(btc.expires()).isEqualTo(LocalDate.of(2026, 12, 31));

        assertThat(config.providers()).isEqualTo(ProvidersConfig.defaults());
        assertThat(ConfigLoader.summary(config)).isEqualTo("OK: 8 symbols, 4 rules");
    }

    @Test
    void designExampleAsPrintedNamesSymbolsItsWatchlistLacks() {
        // The README abbreviates the watchlist; every rule symbol must be watched, so the verbatim excerpt is rejected
        assertThat(errors("design-example-verbatim.yaml")).containsExactly(
                "alerts.yaml:8:21: symbol 'MSFT' is not in the watchlist",
                "alerts.yaml:8:27: symbol 'META' is not in the watchlist",
                "alerts.yaml:8:33: symbol 'AMZN' is not in the watchlist",
                "alerts.yaml:17:21: symbol 'HUT' is not in the watchlist",
                "alerts.yaml:17:26: symbol 'CIFR' is not in the watchlist");
    }

    @Test
    void seedScenarioParses() throws ConfigException {
        AlertsConfig config = load("seed.yaml", Map.of("FINNHUB_API_KEY", "fh-key-1"));

        assertThat(config.watchlist()).hasSize(8);
        assertThat(config.instrument("HUT").map(Instrument::name)).contains("Hut 8");
        assertThat(config.instrument("BTC-USD").map(Instrument::market)).contains(Market.CRYPTO);
        assertThat(config.rules()).extracting(RuleConfig::id)
                .containsExactly("big-tech-earnings", "iren-ytd", "miners-big-day", "btc-80k");

        EarningsRule earnings = config.rules().get(0).earnings();
        assertThat(earnings.remindDays()).containsExactly(7, 1, 0);
        assertThat(earnings.maxRemindDays()).isEqualTo(7);
        assertThat(earnings.dateChange()).isTrue();
        assertThat(earnings.surprise()).isEqualByComparingTo("0.05");

        assertThat(config.rules().get(1).condition().text()).isEqualTo("change_since(2026-01-01) >= 40%");
        RuleConfig miners = config.rules().get(2);
        assertThat(miners.condition().text()).isEqualTo("abs(change(1d)) >= 8%");
        assertThat(miners.trigger()).isEqualTo(Trigger.DAILY);

        RuleConfig btc = config.rules().get(3);
        assertThat(btc.condition().text()).isEqualTo("price crosses below 80000");
        assertThat(btc.rearm()).isEqualTo(new Rearm(new BigDecimal("2").movePointLeft(2), true));
        assertThat(btc.cooldown()).isEqualTo(Duration.ofHours(6));
        assertThat(btc.severity()).isEqualTo(Severity.WARNING);
        assertThat(btc.expires()).isEqualTo(LocalDate.parse("2026-12-31"));

        ProvidersConfig providers = config.providers();
        assertThat(providers.prices()).containsExactly("yahoo", "finnhub", "alphavantage");
        assertThat(providers.crypto()).containsExactly("coingecko", "yahoo", "coinbase");
        assertThat(providers.earnings()).containsExactly("nasdaq", "finnhub", "alphavantage");
        assertThat(providers.settingsFor("finnhub").apiKey()).isEqualTo("fh-key-1");
        assertThat(providers.settingsFor("alphavantage").hasApiKey()).isFalse();
    }

    @Test
    void providersAndEnvironmentExpansion() throws ConfigException {
        String yaml = """
                timezone: ${TZ_NAME:-Europe/London}
                watchlist:
                  - { symbol: "${SYM}", name: "Costs $$5 ${MISSING_NAME:-default name}" }
                rules:
                  - id: sym-1d
                    symbol: ${SYM}
                    when: abs(change(1d)) >= 5%
                    cooldown: ${COOLDOWN:-1h30m}
                providers:
                  prices: [yahoo, finnhub]
                  yahoo: { base-url: "${YAHOO_URL:-http://127.0.0.1:8089}", timeout: 4s }
                  finnhub: { api-key: "${FINNHUB_API_KEY}", timeout: 500ms }
                  alphavantage: { api-key: "${AV_KEY}" }
                  fmp: { api-key: "${FMP_KEY:-}" }
                  coingecko: { api-key: literal-key }
                """;
        AlertsConfig config = ConfigLoader.load("alerts.yaml", yaml, Map.of("SYM", "NVDA", "AV_KEY", "av-123"));

        assertThat(config.timezone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(config.watchlist()).containsExactly(new Instrument("NVDA", Market.US_EQUITY, "Costs $5 default name"));
        assertThat(config.rules().get(0).symbols()).containsExactly("NVDA");
        assertThat(config.rules().get(0).cooldown()).isEqualTo(Duration.ofMinutes(90));

        ProvidersConfig providers = config.providers();
        assertThat(providers.prices()).containsExactly("yahoo", "finnhub");
        assertThat(providers.crypto()).isEqualTo(ProvidersConfig.DEFAULT_CRYPTO);
        assertThat(providers.earnings()).isEqualTo(ProvidersConfig.DEFAULT_EARNINGS);
        assertThat(providers.settingsFor("yahoo"))
                .isEqualTo(new ProviderSettings("yahoo", "http://127.0.0.1:8089", Duration.ofSeconds(4), null));
        // an unset variable in api-key is not an error: it means "no key" and the chain skips the provider
        assertThat(providers.settingsFor("finnhub"))
                .isEqualTo(new ProviderSettings("finnhub", null, Duration.ofMillis(500), null));
        assertThat(providers.settingsFor("alphavantage").apiKey()).isEqualTo("av-123");
        assertThat(providers.settingsFor("fmp").hasApiKey()).isFalse();
        assertThat(providers.settingsFor("coingecko").apiKey()).isEqualTo("literal-key");
        assertThat(providers.settingsFor("nasdaq")).isEqualTo(new ProviderSettings("nasdaq", null, null, null));
    }

    @Test
    void setVariableWinsOverItsDefault() throws ConfigException {
        String yaml = """
                timezone: ${TZ_NAME:-Europe/London}
                watchlist: [{ symbol: NVDA }]
                rules: []
                """;
        assertThat(ConfigLoader.load("a.yaml", yaml, Map.of("TZ_NAME", "Asia/Tokyo")).timezone())
                .isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(ConfigLoader.load("a.yaml", yaml, Map.of("TZ_NAME", "")).timezone())
                .isEqualTo(ZoneId.of("Europe/London"));
    }

    @Test
    void omittedOptionalKeysTakeTheirDefaults() throws ConfigException {
        AlertsConfig config = ConfigLoader.load("a.yaml", "watchlist: [{ symbol: IREN }]\nrules: []\n", null);

        assertThat(config.timezone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(config.rules()).isEmpty();
        assertThat(config.providers()).isEqualTo(ProvidersConfig.defaults());
        assertThat(ConfigLoader.summary(config)).isEqualTo("OK: 1 symbol, 0 rules");
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("broken-unknown-key.yaml", List.of(
                        "4:5: rule 'nvda-100' has neither symbol nor symbols, expected exactly one of them"
                                + " (symbol: NVDA or symbols: [NVDA, MSFT])",
                        "5:5: unknown key 'symbl' in rule, expected one of id, symbol, symbols, when, earnings, trigger,"
                                + " rearm, cooldown, severity, expires (did you mean 'symbol'?)")),
                Arguments.of("broken-symbol-not-watched.yaml", List.of(
                        "5:13: symbol 'TSLA' is not in the watchlist",
                        "8:21: symbol 'TSLA' is not in the watchlist",
                        "8:27: symbol 'NVDA' is listed twice in symbols, expected each symbol once")),
                Arguments.of("broken-rule-ids.yaml", List.of(
                        "15:9: duplicate rule id 'btc-80k' (first defined at line 12)",
                        "18:9: invalid rule id 'BTC_80k', expected 1 to 64 characters of a-z, 0-9 and - like btc-80k",
                        "21:5: missing key 'id' in rule, expected a unique id of 1 to 64 characters a-z, 0-9 and -")),
                Arguments.of("broken-empty-watchlist.yaml", List.of(
                        "1:12: watchlist is empty, expected at least one symbol like - { symbol: NVDA }")),
                Arguments.of("broken-when-earnings.yaml", List.of(
                        "7:5: rule 'both' has both when and earnings, expected exactly one of them",
                        "8:5: rule 'neither' has neither when nor earnings, expected exactly one of them",
                        "14:5: rearm applies only to rules with when, not to earnings rules",
                        "17:15: earnings enables nothing, expected at least one of remind, date-change: true or surprise")),
                Arguments.of("broken-top-types.yaml", List.of(
                        "1:11: timezone must be a time zone like America/New_York, found a list",
                        "3:3: watchlist must be a list of symbols like - { symbol: NVDA }, found a map",
                        "5:3: rules must be a list of rules like - { id: nvda-100, symbol: NVDA, when: price > 100 },"
                                + " found a map",
                        "6:12: providers must be a map with prices, crypto, earnings and provider settings, found a list")),
                Arguments.of("broken-nested-types.yaml", List.of(
                        "2:5: watchlist entry must be a map like { symbol: NVDA }, found a string",
                        "3:15: symbol must be a symbol like NVDA, found a list",
                        "5:5: rule must be a map with id, symbol or symbols, and when or earnings, found a string",
                        "7:14: symbols must be a list of symbols like [NVDA, MSFT], found a string",
                        "8:15: earnings must be a map with remind, date-change and surprise, found a list",
                        "10:13: symbol must be a single symbol like NVDA, found a list (use symbols: for several)",
                        "12:15: remind must be a list of days before the report like [7d, 1d, 0d], found a string",
                        "13:19: date-change has no value, expected true or false")),
                Arguments.of("broken-syntax-indent.yaml", List.of(
                        "6:11: invalid YAML: mapping values are not allowed here")),
                Arguments.of("broken-syntax-flow.yaml", List.of(
                        "6:9: invalid YAML: expected ',' or ']', but got :"
                                + " (while parsing a flow sequence started at line 5, column 14)")),
                Arguments.of("broken-empty.yaml", List.of(
                        "1:1: the file is empty, expected a map with watchlist and rules (and optionally timezone and providers)")),
                Arguments.of("broken-comments-only.yaml", List.of(
                        "1:1: the file is empty, expected a map with watchlist and rules (and optionally timezone and providers)")),
                Arguments.of("broken-duplicate-keys.yaml", List.of(
                        "2:21: duplicate key 'symbol' (first defined at line 2)",
                        "7:5: duplicate key 'id' (first defined at line 4)",
                        "8:1: duplicate key 'rules' (first defined at line 3)")),
                Arguments.of("broken-env.yaml", List.of(
                        "2:15: environment variable FIRST_SYMBOL is not set",
                        "7:15: environment variable COOLDOWN is not set",
                        "9:14: expires has an unterminated ${, expected ${NAME} or ${NAME:-default} (write $$ for a literal $)",
                        "12:22: environment variable YAHOO_URL is not set")),
                Arguments.of("broken-providers.yaml", List.of(
                        "5:19: unknown provider 'yahooo' in prices, expected one of yahoo, finnhub, alphavantage,"
                                + " coingecko, coinbase, nasdaq, fmp (did you mean 'yahoo'?)",
                        "5:27: provider 'yahoo' is listed twice in prices, expected each provider once",
                        "6:11: crypto is empty, expected at least one provider like [coingecko, yahoo, coinbase]",
                        "7:13: earnings must be a list of providers like [nasdaq, finnhub, alphavantage], found a string",
                        "8:22: invalid base-url 'ftp://example.com', expected an absolute http or https URL"
                                + " like http://127.0.0.1:8080",
                        "8:52: invalid timeout '90s', expected a duration from 1ms to 60s like 4s or 500ms",
                        "8:57: unknown key 'retries' in providers.yahoo, expected one of base-url, timeout, api-key",
                        "9:3: unknown key 'finhub' in providers, expected one of prices, crypto, earnings, yahoo, finnhub,"
                                + " alphavantage, coingecko, coinbase, nasdaq, fmp (did you mean 'finnhub'?)",
                        "10:24: invalid timeout '0s', expected a duration from 1ms to 60s like 4s or 500ms",
                        "11:23: invalid base-url 'not a url', expected an absolute http or https URL"
                                + " like http://127.0.0.1:8080",
                        "11:43: invalid timeout '1h', expected a duration from 1ms to 60s like 4s or 500ms")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileIsRejectedWithEveryErrorVerbatim(String file, List<String> expected) {
        assertThat(errors(file)).containsExactlyElementsOf(expected.stream().map(e -> "alerts.yaml:" + e).toList());
    }

    static Stream<Arguments> brokenShapes() {
        return Stream.of(
                Arguments.of("just text\n",
                        "1:1: the file must be a map with watchlist and rules, found a string"),
                Arguments.of("- { symbol: NVDA }\n",
                        "1:1: the file must be a map with watchlist and rules, found a list"),
                Arguments.of("timezone: UTC\nwatchlist: [{ symbol: NVDA }]\n",
                        "1:1: missing key 'rules', expected a list of rules (write rules: [] for none)"),
                Arguments.of("rules: []\n",
                        "1:1: missing key 'watchlist', expected a list of symbols like - { symbol: NVDA }"),
                Arguments.of("watchlist: [{ symbol: NVDA }]\nrules: []\n---\nrules: []\n",
                        "4:1: a second YAML document starts here, expected a single document"),
                // The README writes { api-key: ${FINNHUB_API_KEY} }, which YAML reads as "$" followed by a map
                Arguments.of("watchlist: [{ symbol: NVDA }]\nrules: []\nproviders:\n"
                                + "  finnhub: { api-key: ${FINNHUB_API_KEY} }\n",
                        "4:24: invalid YAML: expected ',' or '}', but got { (while parsing a flow mapping started at"
                                + " line 4, column 12); inside { } and [ ] write ${NAME} in quotes, like \"${NAME}\""),
                Arguments.of("watchlist:\n  - { {symbol: NVDA}: x }\nrules: []\n",
                        "2:8: invalid YAML: a key must be plain text, expected key: value"),
                Arguments.of("watchlist:\n  - { symbol: &s NVDA }\n  - { symbol: *s }\nrules: []\n",
                        "3:15: YAML alias *s is not supported, expected the value written out"),
                Arguments.of("watchlist: [{ symbol: NVDA }]\nrules: []\ntimezone:\n",
                        "3:10: timezone has no value, expected a time zone like America/New_York"));
    }

    @ParameterizedTest
    @MethodSource("brokenShapes")
    void wrongShapesAreRejected(String yaml, String expected) {
        assertThat(failure("inline", yaml, Map.of()).errors()).extracting(ConfigError::toString)
                .containsExactly("alerts.yaml:" + expected);
    }

    @Test
    void unknownTopLevelKeyIsReportedAfterEarlierErrors() {
        String yaml = "watchlist: [{ symbol: NVDA, name: }]\nrules: []\nwatchlst: []\n";
        assertThat(failure("inline", yaml, Map.of()).errors()).extracting(ConfigError::toString).containsExactly(
                "alerts.yaml:1:34: name has no value, expected a display name like NVIDIA",
                "alerts.yaml:3:1: unknown key 'watchlst' at top level, expected one of timezone, watchlist, rules,"
                        + " providers, health (did you mean 'watchlist'?)");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "''|3",
            "'health: { after: 5 }\n'|5",
            "'health: { after: 0 }\n'|0",
            "'health: {}\n'|3"})
    void healthAfterDefaultsToThreeTicksAndZeroTurnsItOff(String health, int expected) throws Exception {
        String yaml = "watchlist: [{ symbol: NVDA }]\nrules: []\n" + health;
        assertThat(ConfigLoader.load("alerts.yaml", yaml, Map.of()).healthAfter()).isEqualTo(expected);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "health: { after: -1 }|3:18: invalid health.after '-1', expected a whole number of ticks from 0 (off) to 1000 like 3",
            "health: { after: 1001 }|3:18: invalid health.after '1001', expected a whole number of ticks from 0 (off) to 1000 like 3",
            "health: { after: three }|3:18: invalid health.after 'three', expected a whole number of ticks from 0 (off) to 1000 like 3",
            "health: { afte: 3 }|3:11: unknown key 'afte' in health, expected one of after (did you mean 'after'?)",
            "health: 3|3:9: health must be a map like { after: 3 }, found a number"})
    void badHealthSettingsAreLocatedErrors(String health, String expected) {
        String yaml = "watchlist: [{ symbol: NVDA }]\nrules: []\n" + health + "\n";
        assertThat(failure("inline", yaml, Map.of()).errors()).extracting(ConfigError::toString)
                .containsExactly("alerts.yaml:" + expected);
    }

    @Test
    void severalErrorsAreReportedTogetherInFileOrder() {
        // rules come before timezone and watchlist here, so file order is not the order they are checked in
        assertThat(errors("broken-values.yaml")).containsExactly(
                "alerts.yaml:5:20: invalid remind offset '400d', expected a number of days from 0d to 365d like 7d",
                "alerts.yaml:5:26: invalid remind offset '1', expected a number of days from 0d to 365d like 7d",
                "alerts.yaml:6:20: invalid date-change 'yes', expected true or false",
                "alerts.yaml:7:17: invalid surprise '5', expected a percentage of 0% or more like 5%",
                "alerts.yaml:8:15: unknown severity 'loud', expected one of info, warning, critical",
                "alerts.yaml:10:13: symbol 'BTC-USD' is not in the watchlist",
                "alerts.yaml:12:14: unknown trigger 'onchange', expected one of on-change, once, daily, always"
                        + " (did you mean 'on-change'?)",
                "alerts.yaml:13:12: invalid rearm '0%', expected a positive percentage like 2% or a positive number"
                        + " like 1500",
                "alerts.yaml:14:15: invalid cooldown '6 hours', expected a duration like 30s, 15m, 6h, 2d or 1h30m",
                "alerts.yaml:15:14: invalid expires date '2026-02-30', expected an ISO date YYYY-MM-DD like 2026-12-31",
                "alerts.yaml:16:11: unknown time zone 'America/NewYork', expected an IANA zone id like"
                        + " America/New_York or UTC (did you mean 'America/New_York'?)",
                "alerts.yaml:18:29: unknown market 'stock', expected one of us-equity, crypto",
                "alerts.yaml:19:15: invalid symbol 'btc-usd', expected 1 to 20 characters of A-Z, 0-9 and . ^ = -"
                        + " like NVDA or BTC-USD");
    }

    @Test
    void exceptionMessageListsEveryErrorOnItsOwnLine() {
        ConfigException e = failure("broken-rule-ids.yaml", Map.of());
        assertThat(e.getMessage().split(NL)).hasSize(3).allMatch(line -> line.startsWith("alerts.yaml:"));
    }

    @Test
    void invalidConditionIsReportedWhereItIsWrittenInTheFile() {
        String plain = "price >> 100";
        String quoted = "pric > 100";
        String yaml = """
                watchlist: [{ symbol: NVDA }]
                rules:
                  - id: plain
                    symbol: NVDA
                    when: %s
                  - id: quoted
                    symbol: NVDA
                    when: "%s"
                """.formatted(plain, quoted);
        ConditionSyntaxException plainError = syntaxError(plain);
        ConditionSyntaxException quotedError = syntaxError(quoted);

        List<ConfigError> errors = failure("x.yaml", yaml, Map.of()).errors();

        // the value starts at column 11 ("    when: "), a quoted value one column later
        assertThat(errors).containsExactly(
                new ConfigError("alerts.yaml", 5, 11 + plainError.column() - 1,
                        "invalid condition: " + plainError.reason() + NL + plainError.pointer()),
                new ConfigError("alerts.yaml", 8, 12 + quotedError.column() - 1,
                        "invalid condition: " + quotedError.reason() + NL + quotedError.pointer()));
        assertThat(plainError.column()).isGreaterThan(1);
        assertThat(quotedError.reason()).contains("pric");
    }

    @ParameterizedTest(name = "{0} bytes of {1}")
    @CsvSource({
        "1048576, a",
        "1048576, é",
        "1048576, 😀",
    })
    void aConfigOfOneMebibyteIsRead(int bytes, String filler) throws ConfigException {
        String yaml = configOfBytes(bytes, filler);

        assertThat(ConfigLoader.load("alerts.yaml", yaml, Map.of()).watchlist()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} bytes of {1}")
    @CsvSource({
        "1048577, a",
        "1048577, é",
        "1048577, 😀",
        "10485760, a",
    })
    void aConfigOverOneMebibyteIsRejectedWithItsSize(int bytes, String filler) {
        String yaml = configOfBytes(bytes, filler);

        assertThat(failure("big", yaml, Map.of()).errors()).containsExactly(new ConfigError("alerts.yaml", 1, 1,
                "the file is " + bytes + " bytes, more than the 1 MiB (1048576 bytes) a config may have"));
    }

    /** A valid config padded with a comment of {@code filler} (then ASCII) to exactly {@code bytes} UTF-8 bytes. */
    private static String configOfBytes(int bytes, String filler) {
        StringBuilder yaml = new StringBuilder("watchlist: [{ symbol: NVDA }]\nrules: []\n# ");
        int fillerBytes = filler.getBytes(StandardCharsets.UTF_8).length;
        int room = bytes - yaml.length() - 1;
        yaml.append(filler.repeat(room / fillerBytes)).append("a".repeat(room % fillerBytes)).append('\n');
        assertThat(yaml.toString().getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return yaml.toString();
    }

    @Test
    void aOneMebibyteConfigOnOneLineIsReadInOnePass() throws ConfigException {
        // a scalar every few characters of one line that is not all ASCII: finding each one's column must not rescan it
        StringBuilder yaml = new StringBuilder("{rules: [], watchlist: [{symbol: NVDA, name: \"NVIDIA Ñ€ 😀\"}");
        int symbols = 1;
        while (yaml.length() < 1_000_000) {
            yaml.append(", {symbol: S").append(symbols++).append('}');
        }
        yaml.append("]}");

        assertThat(ConfigLoader.load("alerts.yaml", yaml.toString(), Map.of()).watchlist()).hasSize(symbols);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "999999999999999",
        "1500.000000000001",
        "2.50000000000000000",
        "0000000000000000001500",
    })
    void rearmAmountsWithinFifteenDigitsAndTwelveDecimalsAreRead(String amount) throws ConfigException {
        String yaml = "watchlist: [{ symbol: NVDA }]\nrules:\n  - { id: r, symbol: NVDA, when: price > 1, rearm: " + amount + " }\n";

        Rearm rearm = ConfigLoader.load("alerts.yaml", yaml, Map.of()).rules().get(0).rearm();

        assertThat(rearm).isEqualTo(new Rearm(new BigDecimal(amount), false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "1000000000000000, 1000000000000000",
        "1.0000000000001, 1.0000000000001",
        "1e999999999,",
    })
    void rearmAmountsBeyondTheBoundsAreRejected(String amount, String shownAsOutOfRange) {
        String yaml = "watchlist: [{ symbol: NVDA }]\nrules:\n  - { id: r, symbol: NVDA, when: price > 1, rearm: " + amount + " }\n";

        List<ConfigError> errors = failure(amount, yaml, Map.of()).errors();

        String expected = shownAsOutOfRange == null
                ? "invalid rearm '" + amount + "', expected a positive percentage like 2% or a positive number like 1500"
                : "rearm " + amount + " is out of range, expected at most 15 digits before the decimal point and 12 after it";
        assertThat(errors).extracting(ConfigError::message).containsExactly(expected);
    }

    /** 2,000 levels each; levels 1 to 64 are allowed, so the error is at the 65th opener (its column in the condition). */
    static Stream<Arguments> deepConditions() {
        int n = 2_000;
        return Stream.of(
                Arguments.of("parentheses", "(".repeat(n) + "price > 1" + ")".repeat(n), 65),
                Arguments.of("not", "not ".repeat(n) + "price > 1", 4 * 64 + 1),
                Arguments.of("unary minus", "price > " + "-".repeat(n) + "1", "price > ".length() + 65),
                Arguments.of("abs", "abs(".repeat(n) + "price" + ")".repeat(n) + " > 1", 4 * 64 + 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepConditions")
    void deeplyNestedConditionIsAConfigErrorNotACrash(String shape, String when, int columnInCondition) {
        String yaml = "watchlist: [{ symbol: NVDA }]\nrules:\n  - id: deep\n    symbol: NVDA\n    when: " + when + "\n";

        List<ConfigError> errors = failure(shape, yaml, Map.of()).errors();

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(5);
            assertThat(error.column()).isEqualTo("    when: ".length() + columnInCondition);
            assertThat(error.message()).startsWith("invalid condition: the expression is nested more than 64 levels deep");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepYaml")
    void deeplyNestedYamlIsAConfigErrorNotACrash(String shape, String yaml, int line, int column) {
        List<ConfigError> errors = failure(shape, yaml, Map.of()).errors();

        assertThat(errors).containsExactly(new ConfigError("alerts.yaml", line, column, "invalid YAML: lists and maps are nested"
                + " more than 64 levels deep here, expected the few levels of alerts.yaml (a map of lists of maps)"));
    }

    /** 10,000 levels; the root map is the first level, so the 64th opener below it is the first one too deep. */
    static Stream<Arguments> deepYaml() {
        int n = 10_000;
        return Stream.of(
                Arguments.of("flow lists", "watchlist: " + "[".repeat(n) + "]".repeat(n) + "\nrules: []\n",
                        1, "watchlist: ".length() + 64),
                Arguments.of("flow maps", "watchlist: " + "{a: ".repeat(n) + "b" + "}".repeat(n) + "\nrules: []\n",
                        1, "watchlist: ".length() + 4 * 63 + 1),
                Arguments.of("block lists", "watchlist:\n" + "- ".repeat(n) + "a\nrules: []\n",
                        2, 2 * 63 + 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"change(3x) > 1%", "volatility(5) > 1", "sma(0d) > 1"})
    void unknownMetricOrWindowIsAConfigError(String when) {
        String yaml = "watchlist: [{ symbol: NVDA }]\nrules:\n  - { id: r, symbol: NVDA, when: \"" + when + "\" }\n";

        List<ConfigError> errors = failure("x.yaml", yaml, Map.of()).errors();

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.column()).isGreaterThan(34);
            assertThat(error.message()).startsWith("invalid condition: ").contains(NL + when + NL);
        });
    }

    @Test
    void earningsOnACryptoSymbolIsRejected() {
        String yaml = """
                watchlist: [{ symbol: BTC-USD, market: crypto }]
                rules:
                  - { id: btc-earnings, symbol: BTC-USD, earnings: { remind: [1d] } }
                """;
        assertThat(failure("x.yaml", yaml, Map.of()).errors()).extracting(ConfigError::toString).containsExactly(
                "alerts.yaml:3:33: symbol 'BTC-USD' is crypto and has no earnings, expected us-equity symbols");
    }

    @Test
    void invalidExpandedApiKeyIsReportedWithoutItsValue() {
        String yaml = """
                watchlist: [{ symbol: NVDA }]
                rules: []
                providers:
                  finnhub: { api-key: "${FINNHUB_API_KEY}" }
                  alphavantage: { api-key: "AVSECRET 42" }
                  fmp: { api-key: "FMPSECRET${" }
                """;
        ConfigException e = failure("x.yaml", yaml, Map.of("FINNHUB_API_KEY", "FHSECRET 9\n"));

        assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
                "alerts.yaml:4:23: api-key (from ${FINNHUB_API_KEY}) is invalid, expected a single token without"
                        + " spaces or control characters",
                "alerts.yaml:5:28: api-key is invalid, expected a single token without spaces or control characters",
                "alerts.yaml:6:19: api-key has an unterminated ${, expected ${NAME} or ${NAME:-default}"
                        + " (write $$ for a literal $)");
        assertThat(e.getMessage()).doesNotContain("SECRET").doesNotContain("FHSECRET 9").doesNotContain("42");
    }

    @Test
    void providerSettingsToStringNeverShowsTheKey() throws ConfigException {
        String yaml = """
                watchlist: [{ symbol: NVDA }]
                rules: []
                providers:
                  finnhub: { api-key: "${FINNHUB_API_KEY}", base-url: "http://127.0.0.1:9" }
                """;
        ProviderSettings finnhub = ConfigLoader.load("a.yaml", yaml, Map.of("FINNHUB_API_KEY", "fh-secret-77"))
                .providers().settingsFor("finnhub");

        assertThat(finnhub.apiKey()).isEqualTo("fh-secret-77");
        assertThat(finnhub.toString()).doesNotContain("fh-secret-77").contains("apiKey=***");
        assertThat(finnhub.withApiKey(null).toString()).contains("apiKey=none");
    }

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "15m, PT15M", "6h, PT6H", "2d, PT48H", "1h30m, PT1H30M", "1d12h, PT36H",
            "500ms, PT0.5S", "1m30s, PT1M30S", "0s, PT0S"})
    void durationsParse(String text, Duration expected) {
        assertThat(ConfigLoader.parseDuration(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "6", "6 h", "30m1h", "1.5h", "-1h", "6H", "h", "1w"})
    void malformedDurationsAreRejected(String text) {
        assertThat(ConfigLoader.parseDuration(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"symbl, symbol", "Symbol, symbol", "sevrity, severity", "expire, expires", "tigger, trigger", "i, id"})
    void closeMisspellingsGetASuggestion(String typo, String suggestion) {
        assertThat(DidYouMean.closest(typo, ConfigLoader.RULE_KEYS)).contains(suggestion);
    }

    @ParameterizedTest
    @ValueSource(strings = {"colour", "x", "thresholds"})
    void unrelatedWordsGetNoSuggestion(String word) {
        assertThat(DidYouMean.closest(word, ConfigLoader.RULE_KEYS)).isEmpty();
    }

    private static ConditionSyntaxException syntaxError(String expression) {
        Throwable t = catchThrowable(() -> ConditionParser.parse(expression));
        assertThat(t).isInstanceOf(ConditionSyntaxException.class);
        return (ConditionSyntaxException) t;
    }

    private static AlertsConfig load(String resource, Map<String, String> env) throws ConfigException {
        return ConfigLoader.load("alerts.yaml", resource(resource), env);
    }

    private static List<String> errors(String resource) {
        return failure(resource, Map.of()).errors().stream().map(ConfigError::toString).toList();
    }

    private static ConfigException failure(String resource, Map<String, String> env) {
        return failure(resource, resource(resource), env);
    }

    private static ConfigException failure(String name, String yaml, Map<String, String> env) {
        Throwable t = catchThrowable(() -> ConfigLoader.load("alerts.yaml", yaml, env));
        assertThat(t).as("%s must be rejected", name).isInstanceOf(ConfigException.class);
        return (ConfigException) t;
    }

    private static String resource(String name) {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/config/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
