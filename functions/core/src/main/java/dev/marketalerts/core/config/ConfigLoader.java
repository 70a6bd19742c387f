package dev.marketalerts.core.config;

import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.YamlTree.Entry;
import dev.marketalerts.core.config.YamlTree.ListNode;
import dev.marketalerts.core.config.YamlTree.MapNode;
import dev.marketalerts.core.config.YamlTree.Node;
import dev.marketalerts.core.config.YamlTree.Scalar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.rules.ConditionSyntaxException;
import dev.marketalerts.core.rules.Rearm;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parses and validates alerts.yaml into an {@link AlertsConfig}, reporting every problem at once
 * with its file:line:column.
 *
 * <p>{@code ${NAME}} and {@code ${NAME:-default}} are expanded in every scalar value from the given environment
 * ({@code $$} is a literal {@code $}); an unset variable without a default is an error, except in
 * {@code api-key}, where it means "no key" so that the provider is skipped by the fallback chain. Key values
 * never appear in error messages.
 */
public final class ConfigLoader {

    public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("America/New_York");
    /** The largest config accepted, in UTF-8 bytes: a thousand rules take about 100 KiB. */
    public static final int MAX_BYTES = 1 << 20;

    static final List<String> TOP_KEYS = List.of("timezone", "watchlist", "rules", "providers", "health");
    static final List<String> HEALTH_KEYS = List.of("after");
    static final List<String> WATCHLIST_KEYS = List.of("symbol", "name", "market");
    static final List<String> RULE_KEYS = List.of(
            "id", "symbol", "symbols", "when", "earnings", "trigger", "rearm", "cooldown", "severity", "expires");
    static final List<String> EARNINGS_KEYS = List.of("remind", "date-change", "surprise");
    static final List<String> PROVIDER_LISTS = List.of("prices", "crypto", "earnings");
    static final List<String> PROVIDER_KEYS = List.of("base-url", "timeout", "api-key");

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9.^=-]{1,20}");
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)%");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    /** A rearm amount is bounded like a condition's literals (it is in the unit of the threshold that fired). */
    private static final Pattern BOUNDED_NUMBER = Pattern.compile("0*\\d{1,15}(?:\\.\\d{1,12}0*)?");
    private static final Pattern DAYS = Pattern.compile("(\\d{1,3})d");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    private static final String DURATION_EXAMPLES = "like 30s, 15m, 6h, 2d or 1h30m";
    private static final String NL = System.lineSeparator();

    private ConfigLoader() {
    }

    /**
     * Loads {@code yamlText} (the content of {@code fileName}, which is only used in messages) with
     * {@code env} for {@code ${NAME}} expansion.
     *
     * @throws ConfigException with every error found, in file order, if anything is wrong
     */
    public static AlertsConfig load(String fileName, String yamlText, Map<String, String> env) throws ConfigException {
        String text = yamlText == null ? "" : yamlText;
        long bytes = utf8Length(text);
        if (bytes > MAX_BYTES) {
            throw new ConfigException(List.of(new ConfigError(fileName, 1, 1, tooLarge(bytes))));
        }
        return new Run(fileName, env == null ? Map.of() : env).load(text);
    }

    /** What is wrong with a config of {@code bytes} bytes, more than {@link #MAX_BYTES}. */
    public static String tooLarge(long bytes) {
        return "the file is " + bytes + " bytes, more than the 1 MiB (" + MAX_BYTES + " bytes) a config may have";
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The one-line summary {@code alerts validate} prints: {@code OK: 8 symbols, 4 rules}. */
    public static String summary(AlertsConfig config) {
        return "OK: " + plural(config.watchlist().size(), "symbol") + ", " + plural(config.rules().size(), "rule");
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** Parses a duration such as {@code 30s}, {@code 15m}, {@code 6h}, {@code 2d}, {@code 1h30m} or {@code 500ms}. */
    public static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofDays(amount(m, 1)).plusHours(amount(m, 2)).plusMinutes(amount(m, 3))
                .plusSeconds(amount(m, 4)).plusMillis(amount(m, 5)));
    }

    private static long amount(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    /** The closest candidate to {@code word} (case-insensitive edit distance at most 2), if any. */
    static Optional<String> closest(String word, List<String> candidates) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= 2 && bestDistance < Math.max(word.length(), 2) ? Optional.of(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A value as shown in a message: a runaway one is cut short. */
    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    private static String didYouMean(String word, List<String> candidates) {
        return closest(word, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }

    /** One load: the file name, the environment and the errors found so far. */
    private static final class Run {
        private final String file;
        private final Map<String, String> env;
        private final List<ConfigError> errors = new ArrayList<>();
        /** Symbols the watchlist declares (valid or not) with their line; null when there is no usable watchlist. */
        private Map<String, Integer> declared;
        private final Set<String> cryptoSymbols = new HashSet<>();

        Run(String file, Map<String, String> env) {
            this.file = file;
            this.env = env;
        }

        AlertsConfig load(String text) throws ConfigException {
            Node root = YamlTree.parse(file, text, errors);
            if (root == null) {
                if (errors.isEmpty()) {
                    error(1, 1, "the file is empty, expected a map with watchlist and rules"
                            + " (and optionally timezone and providers)");
                }
                throw failure();
            }
            if (!(root instanceof MapNode top)) {
                error(root, "the file must be a map with watchlist and rules, found " + root.describe());
                throw failure();
            }
            checkKeys(top, TOP_KEYS, "at top level");
            ZoneId zone = timezone(top.entries().get("timezone"));
            List<Instrument> watchlist = watchlist(top, top.entries().get("watchlist"));
            List<RuleConfig> rules = rules(top, top.entries().get("rules"));
            ProvidersConfig providers = providers(top.entries().get("providers"));
            int healthAfter = healthAfter(top.entries().get("health"));
            if (!errors.isEmpty()) {
                throw failure();
            }
            return new AlertsConfig(zone, watchlist, rules, providers, healthAfter);
        }

        private ConfigException failure() {
            List<ConfigError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
            return new ConfigException(sorted);
        }

        // --- top level --------------------------------------------------------------------------------------

        private ZoneId timezone(Entry entry) {
            if (entry == null) {
                return DEFAULT_TIMEZONE;
            }
            Scalar s = scalar(entry, "a time zone like America/New_York");
            String text = s == null ? null : expand(entry, s);
            if (text == null) {
                return DEFAULT_TIMEZONE;
            }
            try {
                return ZoneId.of(text);
            } catch (DateTimeException e) {
                List<String> zones = ZoneId.getAvailableZoneIds().stream().sorted().toList();
                error(s, "unknown time zone '" + text + "', expected an IANA zone id like America/New_York or UTC"
                        + didYouMean(text, zones));
                return DEFAULT_TIMEZONE;
            }
        }

        private int healthAfter(Entry entry) {
            if (entry == null) {
                return AlertsConfig.DEFAULT_HEALTH_AFTER;
            }
            MapNode map = map(entry, "a map like { after: 3 }");
            if (map == null) {
                return AlertsConfig.DEFAULT_HEALTH_AFTER;
            }
            checkKeys(map, HEALTH_KEYS, "in health");
            Entry after = map.entries().get("after");
            if (after == null) {
                return AlertsConfig.DEFAULT_HEALTH_AFTER;
            }
            Scalar s = scalar(after, "a number of ticks like 3");
            String text = s == null ? null : expand(after, s);
            if (text == null) {
                return AlertsConfig.DEFAULT_HEALTH_AFTER;
            }
            if (!text.matches("[0-9]{1,4}") || Integer.parseInt(text) > AlertsConfig.MAX_HEALTH_AFTER) {
                error(s, "invalid health.after '" + text + "', expected a whole number of ticks from 0 (off) to "
                        + AlertsConfig.MAX_HEALTH_AFTER + " like 3");
                return AlertsConfig.DEFAULT_HEALTH_AFTER;
            }
            return Integer.parseInt(text);
        }

        private List<Instrument> watchlist(MapNode top, Entry entry) {
            List<Instrument> result = new ArrayList<>();
            if (entry == null) {
                error(top, "missing key 'watchlist', expected a list of symbols like - { symbol: NVDA }");
                return result;
            }
            ListNode list = list(entry, "a list of symbols like - { symbol: NVDA }");
            if (list == null) {
                return result;
            }
            Map<String, Integer> symbols = new HashMap<>();
            // rules are checked against the watchlist only when every entry's symbol could be read
            boolean complete = true;
            if (list.items().isEmpty()) {
                error(list, "watchlist is empty, expected at least one symbol like - { symbol: NVDA }");
            }
            for (Node item : list.items()) {
                if (!(item instanceof MapNode map)) {
                    report(item, "watchlist entry must be a map like { symbol: NVDA }, found " + item.describe());
                    complete = false;
                    continue;
                }
                int before = errors.size();
                checkKeys(map, WATCHLIST_KEYS, "in watchlist entry");
                String symbol = null;
                Entry symbolEntry = map.entries().get("symbol");
                if (symbolEntry == null) {
                    error(map, "missing key 'symbol' in watchlist entry, expected a symbol like NVDA or BTC-USD");
                } else {
                    Scalar s = scalar(symbolEntry, "a symbol like NVDA");
                    symbol = s == null ? null : expand(symbolEntry, s);
                    if (symbol != null) {
                        Integer first = symbols.putIfAbsent(symbol, s.line());
                        if (!SYMBOL.matcher(symbol).matches()) {
                            error(s, "invalid symbol '" + symbol + "', expected 1 to 20 characters of A-Z, 0-9"
                                    + " and . ^ = - like NVDA or BTC-USD");
                        } else if (first != null) {
                            error(s, "duplicate symbol '" + symbol + "' in watchlist (first defined at line " + first + ")");
                        }
                    }
                }
                complete &= symbol != null;
                String name = optionalString(map.entries().get("name"), "a display name like NVIDIA");
                Market market = Market.US_EQUITY;
                Entry marketEntry = map.entries().get("market");
                if (marketEntry != null) {
                    market = wireValue(marketEntry, "market", Arrays.stream(Market.values()).map(Market::wireName).toList(),
                            Market::fromWireName, Market.US_EQUITY);
                }
                if (market == Market.CRYPTO && symbol != null) {
                    cryptoSymbols.add(symbol);
                }
                if (errors.size() == before && symbol != null) {
                    result.add(new Instrument(symbol, market, name));
                }
            }
            declared = complete ? symbols : null;
            return result;
        }

        // --- rules -----------------------------------------------------------------------------------------

        private List<RuleConfig> rules(MapNode top, Entry entry) {
            List<RuleConfig> result = new ArrayList<>();
            if (entry == null) {
                error(top, "missing key 'rules', expected a list of rules (write rules: [] for none)");
                return result;
            }
            ListNode list = list(entry, "a list of rules like - { id: nvda-100, symbol: NVDA, when: price > 100 }");
            if (list == null) {
                return result;
            }
            Map<String, Integer> ids = new HashMap<>();
            for (Node item : list.items()) {
                if (!(item instanceof MapNode map)) {
                    report(item, "rule must be a map with id, symbol or symbols, and when or earnings, found "
                            + item.describe());
                    continue;
                }
                RuleConfig rule = rule(map, ids);
                if (rule != null) {
                    result.add(rule);
                }
            }
            return result;
        }

        private RuleConfig rule(MapNode map, Map<String, Integer> ids) {
            int before = errors.size();
            Map<String, Entry> e = map.entries();
            checkKeys(map, RULE_KEYS, "in rule");

            String id = null;
            if (e.get("id") == null) {
                error(map, "missing key 'id' in rule, expected a unique id of 1 to 64 characters a-z, 0-9 and -");
            } else {
                Scalar s = scalar(e.get("id"), "a rule id like btc-80k");
                id = s == null ? null : expand(e.get("id"), s);
                if (id != null && !RULE_ID.matcher(id).matches()) {
                    error(s, "invalid rule id '" + id + "', expected 1 to 64 characters of a-z, 0-9 and - like btc-80k");
                } else if (id != null) {
                    Integer first = ids.putIfAbsent(id, s.line());
                    if (first != null) {
                        error(s, "duplicate rule id '" + id + "' (first defined at line " + first + ")");
                    }
                }
            }
            String label = id == null ? "rule" : "rule '" + id + "'";

            List<String> symbols = symbols(map, label);

            Entry when = e.get("when");
            Entry earnings = e.get("earnings");
            if (when != null && earnings != null) {
                error(later(when, earnings).key(), label + " has both when and earnings, expected exactly one of them");
            } else if (when == null && earnings == null) {
                error(map, label + " has neither when nor earnings, expected exactly one of them");
            }
            Condition condition = when == null ? null : condition(when);
            EarningsRule earningsRule = earnings == null ? null : earnings(earnings);
            if (earnings != null && declared != null) {
                for (String symbol : symbols) {
                    if (cryptoSymbols.contains(symbol)) {
                        error(e.get(e.containsKey("symbols") ? "symbols" : "symbol").value(),
                                "symbol '" + symbol + "' is crypto and has no earnings, expected us-equity symbols");
                    }
                }
            }

            Trigger trigger = null;
            if (e.get("trigger") != null) {
                trigger = wireValue(e.get("trigger"), "trigger",
                        Arrays.stream(Trigger.values()).map(Trigger::wireName).toList(), Trigger::fromWireName, null);
            }
            Rearm rearm = null;
            if (e.get("rearm") != null) {
                if (earnings != null && when == null) {
                    error(e.get("rearm").key(), "rearm applies only to rules with when, not to earnings rules");
                } else {
                    rearm = rearm(e.get("rearm"));
                }
            }
            Duration cooldown = null;
            if (e.get("cooldown") != null) {
                String text = string(e.get("cooldown"), "a duration " + DURATION_EXAMPLES);
                if (text != null) {
                    cooldown = parseDuration(text).orElse(null);
                    if (cooldown == null) {
                        error(e.get("cooldown").value(), "invalid cooldown '" + text + "', expected a duration "
                                + DURATION_EXAMPLES);
                    }
                }
            }
            Severity severity = null;
            if (e.get("severity") != null) {
                severity = wireValue(e.get("severity"), "severity",
                        Arrays.stream(Severity.values()).map(Severity::wireName).toList(), Severity::fromWireName, null);
            }
            LocalDate expires = null;
            if (e.get("expires") != null) {
                expires = date(e.get("expires"));
            }
            if (errors.size() != before || id == null || (condition == null) == (earningsRule == null)) {
                return null;
            }
            return new RuleConfig(id, symbols, condition, earningsRule, trigger, rearm, cooldown, severity, expires);
        }

        private List<String> symbols(MapNode map, String label) {
            Entry one = map.entries().get("symbol");
            Entry many = map.entries().get("symbols");
            List<String> result = new ArrayList<>();
            if (one != null && many != null) {
                error(later(one, many).key(), label + " has both symbol and symbols, expected exactly one of them");
                return result;
            }
            if (one == null && many == null) {
                error(map, label + " has neither symbol nor symbols, expected exactly one of them"
                        + " (symbol: NVDA or symbols: [NVDA, MSFT])");
                return result;
            }
            if (one != null) {
                if (one.value() instanceof ListNode) {
                    error(one.value(), "symbol must be a single symbol like NVDA, found a list (use symbols: for several)");
                    return result;
                }
                Scalar s = scalar(one, "a symbol like NVDA");
                String symbol = s == null ? null : expand(one, s);
                if (symbol != null && watched(s, symbol)) {
                    result.add(symbol);
                }
                return result;
            }
            ListNode list = list(many, "a list of symbols like [NVDA, MSFT]");
            if (list == null) {
                return result;
            }
            if (list.items().isEmpty()) {
                error(list, "symbols is empty, expected at least one symbol like [NVDA, MSFT]");
            }
            Set<String> listed = new HashSet<>();
            for (Node item : list.items()) {
                if (!(item instanceof Scalar s) || s.isNull()) {
                    report(item, "symbols entry must be a symbol like NVDA, found " + item.describe());
                    continue;
                }
                String symbol = expand("symbols", s);
                if (symbol == null) {
                    continue;
                }
                if (!listed.add(symbol)) {
                    error(s, "symbol '" + symbol + "' is listed twice in symbols, expected each symbol once");
                } else if (watched(s, symbol)) {
                    result.add(symbol);
                }
            }
            return result;
        }

        private boolean watched(Scalar s, String symbol) {
            if (declared != null && !declared.containsKey(symbol)) {
                error(s, "symbol '" + symbol + "' is not in the watchlist");
                return false;
            }
            return true;
        }

        private Condition condition(Entry entry) {
            Scalar s = scalar(entry, "a condition like price > 100");
            if (s == null) {
                return null;
            }
            String text = expand(entry, s);
            if (text == null) {
                return null;
            }
            try {
                return ConditionParser.parse(text);
            } catch (ConditionSyntaxException e) {
                boolean mappable = s.textColumn() > 0 && text.equals(s.text()) && s.isString();
                int column = mappable ? s.textColumn() + Math.max(1, e.column()) - 1 : s.column();
                error(s.line(), column, "invalid condition: " + e.reason() + NL + e.pointer());
                return null;
            }
        }

        private EarningsRule earnings(Entry entry) {
            MapNode map = map(entry, "a map with remind, date-change and surprise");
            if (map == null) {
                return null;
            }
            int before = errors.size();
            checkKeys(map, EARNINGS_KEYS, "in earnings");
            List<Integer> remind = new ArrayList<>();
            Entry remindEntry = map.entries().get("remind");
            if (remindEntry != null) {
                ListNode list = list(remindEntry, "a list of days before the report like [7d, 1d, 0d]");
                for (Node item : list == null ? List.<Node>of() : list.items()) {
                    if (!(item instanceof Scalar s) || s.isNull()) {
                        report(item, "remind entry must be a number of days like 7d, found " + item.describe());
                        continue;
                    }
                    String text = expand("remind", s);
                    if (text == null) {
                        continue;
                    }
                    Matcher m = DAYS.matcher(text);
                    int days = m.matches() ? Integer.parseInt(m.group(1)) : -1;
                    if (days < 0 || days > 365) {
                        error(s, "invalid remind offset '" + text + "', expected a number of days from 0d to 365d like 7d");
                    } else if (remind.contains(days)) {
                        error(s, "remind offset '" + text + "' is listed twice, expected each offset once");
                    } else {
                        remind.add(days);
                    }
                }
            }
            boolean dateChange = false;
            Entry dateChangeEntry = map.entries().get("date-change");
            if (dateChangeEntry != null) {
                Scalar s = scalar(dateChangeEntry, "true or false");
                String text = s == null ? null : expand(dateChangeEntry, s);
                if ("true".equals(text) || "false".equals(text)) {
                    dateChange = Boolean.parseBoolean(text);
                } else if (text != null) {
                    error(s, "invalid date-change '" + text + "', expected true or false");
                }
            }
            BigDecimal surprise = null;
            Entry surpriseEntry = map.entries().get("surprise");
            if (surpriseEntry != null) {
                String text = string(surpriseEntry, "a percentage like 5%");
                if (text != null) {
                    Matcher m = PERCENT.matcher(text);
                    if (m.matches()) {
                        surprise = new BigDecimal(m.group(1)).movePointLeft(2);
                    } else {
                        error(surpriseEntry.value(), "invalid surprise '" + text
                                + "', expected a percentage of 0% or more like 5%");
                    }
                }
            }
            if (errors.size() != before) {
                return null;
            }
            if (remind.isEmpty() && !dateChange && surprise == null) {
                error(map, "earnings enables nothing, expected at least one of remind, date-change: true or surprise");
                return null;
            }
            return new EarningsRule(remind, dateChange, surprise);
        }

        private Rearm rearm(Entry entry) {
            String text = string(entry, "a percentage like 2% or a number like 1500");
            if (text == null) {
                return null;
            }
            Matcher percent = PERCENT.matcher(text);
            Rearm rearm = null;
            if (percent.matches()) {
                rearm = new Rearm(new BigDecimal(percent.group(1)).movePointLeft(2), true);
            } else if (BOUNDED_NUMBER.matcher(text).matches()) {
                rearm = new Rearm(new BigDecimal(text), false);
            } else if (NUMBER.matcher(text).matches()) {
                error(entry.value(), "rearm " + abbreviate(text) + " is out of range, expected at most 15 digits before the"
                        + " decimal point and 12 after it");
                return null;
            }
            if (rearm == null || rearm.value().signum() == 0) {
                error(entry.value(), "invalid rearm '" + text
                        + "', expected a positive percentage like 2% or a positive number like 1500");
                return null;
            }
            return rearm;
        }

        private LocalDate date(Entry entry) {
            String text = string(entry, "a date like 2026-12-31");
            if (text == null) {
                return null;
            }
            try {
                if (ISO_DATE.matcher(text).matches()) {
                    return LocalDate.parse(text);
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            error(entry.value(), "invalid " + entry.key().text() + " date '" + text
                    + "', expected an ISO date YYYY-MM-DD like 2026-12-31");
            return null;
        }

        // --- providers -------------------------------------------------------------------------------------

        private ProvidersConfig providers(Entry entry) {
            if (entry == null) {
                return ProvidersConfig.defaults();
            }
            MapNode map = map(entry, "a map with prices, crypto, earnings and provider settings");
            if (map == null) {
                return ProvidersConfig.defaults();
            }
            List<String> allowed = Stream.concat(PROVIDER_LISTS.stream(), ProvidersConfig.KNOWN.stream()).toList();
            checkKeys(map, allowed, "in providers");
            Map<String, Entry> e = map.entries();
            List<String> prices = providerList(e.get("prices"), ProvidersConfig.DEFAULT_PRICES);
            List<String> crypto = providerList(e.get("crypto"), ProvidersConfig.DEFAULT_CRYPTO);
            List<String> earnings = providerList(e.get("earnings"), ProvidersConfig.DEFAULT_EARNINGS);
            Map<String, ProviderSettings> settings = new LinkedHashMap<>();
            for (Entry provider : e.values()) {
                String name = provider.key().text();
                if (ProvidersConfig.KNOWN.contains(name)) {
                    ProviderSettings s = providerSettings(name, provider);
                    if (s != null) {
                        settings.put(name, s);
                    }
                }
            }
            return new ProvidersConfig(prices, crypto, earnings, settings);
        }

        private List<String> providerList(Entry entry, List<String> defaults) {
            if (entry == null) {
                return defaults;
            }
            String what = entry.key().text();
            ListNode list = list(entry, "a list of providers like [" + String.join(", ", defaults) + "]");
            if (list == null) {
                return defaults;
            }
            if (list.items().isEmpty()) {
                error(list, what + " is empty, expected at least one provider like [" + String.join(", ", defaults) + "]");
            }
            List<String> names = new ArrayList<>();
            for (Node item : list.items()) {
                if (!(item instanceof Scalar s) || s.isNull()) {
                    report(item, what + " entry must be a provider name, found " + item.describe());
                    continue;
                }
                String name = expand(what, s);
                if (name == null) {
                    continue;
                }
                if (!ProvidersConfig.KNOWN.contains(name)) {
                    error(s, "unknown provider '" + name + "' in " + what + ", expected one of "
                            + String.join(", ", ProvidersConfig.KNOWN) + didYouMean(name, ProvidersConfig.KNOWN));
                } else if (names.contains(name)) {
                    error(s, "provider '" + name + "' is listed twice in " + what + ", expected each provider once");
                } else {
                    names.add(name);
                }
            }
            return names;
        }

        private ProviderSettings providerSettings(String name, Entry entry) {
            MapNode map = map(entry, "a map with base-url, timeout and api-key");
            if (map == null) {
                return null;
            }
            checkKeys(map, PROVIDER_KEYS, "in providers." + name);
            Map<String, Entry> e = map.entries();
            String baseUrl = null;
            if (e.get("base-url") != null) {
                baseUrl = string(e.get("base-url"), "an http or https URL");
                if (baseUrl != null && !isHttpUrl(baseUrl)) {
                    error(e.get("base-url").value(), "invalid base-url '" + baseUrl
                            + "', expected an absolute http or https URL like http://127.0.0.1:8080");
                    baseUrl = null;
                }
            }
            Duration timeout = null;
            if (e.get("timeout") != null) {
                String text = string(e.get("timeout"), "a duration like 4s or 500ms");
                if (text != null) {
                    timeout = parseDuration(text).orElse(null);
                    if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                        error(e.get("timeout").value(), "invalid timeout '" + text
                                + "', expected a duration from 1ms to 60s like 4s or 500ms");
                        timeout = null;
                    }
                }
            }
            String apiKey = e.get("api-key") == null ? null : apiKey(e.get("api-key"));
            return new ProviderSettings(name, baseUrl, timeout, apiKey);
        }

        private static boolean isHttpUrl(String text) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https"))
                        && uri.getHost() != null && !uri.getHost().isEmpty();
            } catch (URISyntaxException e) {
                return false;
            }
        }

        /** The key, or null for "no key"; never echoes the value, written or expanded, in a message. */
        private String apiKey(Entry entry) {
            Node node = entry.value();
            if (!(node instanceof Scalar s) || s.isNull() || s.isReported()) {
                report(node, node instanceof Scalar ? "api-key has no value, expected a key or ${NAME}"
                        : "api-key must be a key or ${NAME}, found " + node.describe());
                return null;
            }
            if (!s.isString()) {
                return validKey(s, s.text(), List.of());
            }
            EnvExpander.Result r = EnvExpander.expand(s.text(), env);
            if (r.problem() != null) {
                error(s, "api-key has " + r.problem() + ", expected ${NAME} or ${NAME:-default} (write $$ for a literal $)");
                return null;
            }
            if (!r.unset().isEmpty()) {
                return null; // an unset variable means "no key": the chain skips the provider
            }
            return validKey(s, r.value(), r.referenced());
        }

        private String validKey(Scalar s, String key, List<String> from) {
            if (key.isEmpty()) {
                return null;
            }
            boolean valid = key.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
            if (!valid) {
                String source = from.isEmpty() ? ""
                        : " (from " + from.stream().map(n -> "${" + n + "}").collect(Collectors.joining(", ")) + ")";
                error(s, "api-key" + source + " is invalid, expected a single token without spaces or control characters");
                return null;
            }
            return key;
        }

        // --- typed access -----------------------------------------------------------------------------------

        private void checkKeys(MapNode map, List<String> allowed, String where) {
            for (Entry entry : map.entries().values()) {
                String key = entry.key().text();
                if (!allowed.contains(key)) {
                    error(entry.key(), "unknown key '" + key + "' " + where + ", expected one of "
                            + String.join(", ", allowed) + didYouMean(key, allowed));
                }
            }
        }

        private Scalar scalar(Entry entry, String expected) {
            Node value = entry.value();
            String key = entry.key().text();
            if (value instanceof Scalar s && !s.isNull()) {
                return s.isReported() ? null : s;
            }
            if (value instanceof Scalar) {
                error(value, key + " has no value, expected " + expected);
            } else {
                error(value, key + " must be " + expected + ", found " + value.describe());
            }
            return null;
        }

        private String string(Entry entry, String expected) {
            Scalar s = scalar(entry, expected);
            return s == null ? null : expand(entry, s);
        }

        private String optionalString(Entry entry, String expected) {
            return entry == null ? null : string(entry, expected);
        }

        private ListNode list(Entry entry, String expected) {
            Node value = entry.value();
            if (value instanceof ListNode list) {
                return list;
            }
            String key = entry.key().text();
            report(value, value instanceof Scalar s && s.isNull()
                    ? key + " has no value, expected " + expected
                    : key + " must be " + expected + ", found " + value.describe());
            return null;
        }

        private MapNode map(Entry entry, String expected) {
            Node value = entry.value();
            if (value instanceof MapNode map) {
                return map;
            }
            String key = entry.key().text();
            report(value, value instanceof Scalar s && s.isNull()
                    ? key + " has no value, expected " + expected
                    : key + " must be " + expected + ", found " + value.describe());
            return null;
        }

        private <T> T wireValue(Entry entry, String what, List<String> names, Function<String, Optional<T>> lookup,
                T fallback) {
            String text = string(entry, "one of " + String.join(", ", names));
            if (text == null) {
                return fallback;
            }
            Optional<T> value = lookup.apply(text);
            if (value.isEmpty()) {
                error(entry.value(), "unknown " + what + " '" + text + "', expected one of " + String.join(", ", names)
                        + didYouMean(text, names));
                return fallback;
            }
            return value.get();
        }

        private String expand(Entry entry, Scalar s) {
            return expand(entry.key().text(), s);
        }

        /** The scalar's text with ${NAME} expanded, or null (with an error) if that is not possible. */
        private String expand(String key, Scalar s) {
            if (!s.isString()) {
                return s.text();
            }
            EnvExpander.Result r = EnvExpander.expand(s.text(), env);
            if (r.problem() != null) {
                error(s, key + " has " + r.problem() + ", expected ${NAME} or ${NAME:-default} (write $$ for a literal $)");
                return null;
            }
            for (String name : r.unset()) {
                error(s, "environment variable " + name + " is not set");
            }
            return r.unset().isEmpty() ? r.value() : null;
        }

        private static Entry later(Entry a, Entry b) {
            Scalar ka = a.key();
            Scalar kb = b.key();
            boolean aLater = ka.line() > kb.line() || (ka.line() == kb.line() && ka.column() > kb.column());
            return aLater ? a : b;
        }

        /** Reports a wrong value unless it is one the tree reported already (an alias, say). */
        private void report(Node at, String message) {
            if (!(at instanceof Scalar s && s.isReported())) {
                error(at, message);
            }
        }

        private void error(Node at, String message) {
            error(at.line(), at.column(), message);
        }

        private void error(int line, int column, String message) {
            errors.add(new ConfigError(file, Math.max(1, line), Math.max(1, column), message));
        }
    }
}
