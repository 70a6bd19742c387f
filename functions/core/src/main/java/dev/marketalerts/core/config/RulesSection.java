package dev.marketalerts.core.config;

import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.WatchlistSection.Watchlist;
import dev.marketalerts.core.config.YamlTree.Entry;
import dev.marketalerts.core.config.YamlTree.ListNode;
import dev.marketalerts.core.config.YamlTree.MapNode;
import dev.marketalerts.core.config.YamlTree.Node;
import dev.marketalerts.core.config.YamlTree.Scalar;
import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.rules.ConditionSyntaxException;
import dev.marketalerts.core.rules.Rearm;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code rules:} section: each rule's id, symbols (checked against the watchlist), its {@code when:} condition
 * or {@code earnings:} spec, and its trigger, rearm, cooldown, severity and expiry.
 */
final class RulesSection {
    static final List<String> KEYS = List.of(
            "id", "symbol", "symbols", "when", "earnings", "trigger", "rearm", "cooldown", "severity", "expires");
    static final List<String> EARNINGS_KEYS = List.of("remind", "date-change", "surprise");

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)%");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    /** A rearm amount is bounded like a condition's literals (it is in the unit of the threshold that fired). */
    private static final Pattern BOUNDED_NUMBER = Pattern.compile("0*\\d{1,15}(?:\\.\\d{1,12}0*)?");
    private static final Pattern DAYS = Pattern.compile("(\\d{1,3})d");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String DURATION_EXAMPLES = "like 30s, 15m, 6h, 2d or 1h30m";
    private static final String NL = System.lineSeparator();

    private final YamlFields fields;
    private final ConfigErrors errors;
    private final Watchlist watchlist;

    RulesSection(YamlFields fields, Watchlist watchlist) {
        this.fields = fields;
        this.errors = fields.errors();
        this.watchlist = watchlist;
    }

    List<RuleConfig> read(MapNode top, Entry entry) {
        List<RuleConfig> result = new ArrayList<>();
        if (entry == null) {
            errors.error(top, "missing key 'rules', expected a list of rules (write rules: [] for none)");
            return result;
        }
        ListNode list = fields.list(entry, "a list of rules like - { id: nvda-100, symbol: NVDA, when: price > 100 }");
        if (list == null) {
            return result;
        }
        Map<String, Integer> ids = new HashMap<>();
        for (Node item : list.items()) {
            if (!(item instanceof MapNode map)) {
                errors.report(item, "rule must be a map with id, symbol or symbols, and when or earnings, found "
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
        int before = errors.count();
        Map<String, Entry> e = map.entries();
        fields.checkKeys(map, KEYS, "in rule");

        String id = null;
        if (e.get("id") == null) {
            errors.error(map, "missing key 'id' in rule, expected a unique id of 1 to 64 characters a-z, 0-9 and -");
        } else {
            Scalar s = fields.scalar(e.get("id"), "a rule id like btc-80k");
            id = s == null ? null : fields.expand(e.get("id"), s);
            if (id != null && !RULE_ID.matcher(id).matches()) {
                errors.error(s, "invalid rule id '" + id + "', expected 1 to 64 characters of a-z, 0-9 and - like btc-80k");
            } else if (id != null) {
                Integer first = ids.putIfAbsent(id, s.line());
                if (first != null) {
                    errors.error(s, "duplicate rule id '" + id + "' (first defined at line " + first + ")");
                }
            }
        }
        String label = id == null ? "rule" : "rule '" + id + "'";

        List<String> symbols = symbols(map, label);

        Entry when = e.get("when");
        Entry earnings = e.get("earnings");
        if (when != null && earnings != null) {
            errors.error(YamlFields.later(when, earnings).key(), label + " has both when and earnings, expected exactly one of them");
        } else if (when == null && earnings == null) {
            errors.error(map, label + " has neither when nor earnings, expected exactly one of them");
        }
        Condition condition = when == null ? null : condition(when);
        EarningsRule earningsRule = earnings == null ? null : earnings(earnings);
        if (earnings != null && watchlist.declared() != null) {
            for (String symbol : symbols) {
                if (watchlist.cryptoSymbols().contains(symbol)) {
                    errors.error(e.get(e.containsKey("symbols") ? "symbols" : "symbol").value(),
                            "symbol '" + symbol + "' is crypto and has no earnings, expected us-equity symbols");
                }
            }
        }

        Trigger trigger = null;
        if (e.get("trigger") != null) {
            trigger = fields.wireValue(e.get("trigger"), "trigger",
                    Arrays.stream(Trigger.values()).map(Trigger::wireName).toList(), Trigger::fromWireName, null);
        }
        Rearm rearm = null;
        if (e.get("rearm") != null) {
            if (earnings != null && when == null) {
                errors.error(e.get("rearm").key(), "rearm applies only to rules with when, not to earnings rules");
            } else {
                rearm = rearm(e.get("rearm"));
            }
        }
        Duration cooldown = null;
        if (e.get("cooldown") != null) {
            String text = fields.string(e.get("cooldown"), "a duration " + DURATION_EXAMPLES);
            if (text != null) {
                cooldown = ConfigLoader.parseDuration(text).orElse(null);
                if (cooldown == null) {
                    errors.error(e.get("cooldown").value(), "invalid cooldown '" + text + "', expected a duration "
                            + DURATION_EXAMPLES);
                }
            }
        }
        Severity severity = null;
        if (e.get("severity") != null) {
            severity = fields.wireValue(e.get("severity"), "severity",
                    Arrays.stream(Severity.values()).map(Severity::wireName).toList(), Severity::fromWireName, null);
        }
        LocalDate expires = null;
        if (e.get("expires") != null) {
            expires = date(e.get("expires"));
        }
        if (errors.count() != before || id == null || (condition == null) == (earningsRule == null)) {
            return null;
        }
        return new RuleConfig(id, symbols, condition, earningsRule, trigger, rearm, cooldown, severity, expires);
    }

    private List<String> symbols(MapNode map, String label) {
        Entry one = map.entries().get("symbol");
        Entry many = map.entries().get("symbols");
        List<String> result = new ArrayList<>();
        if (one != null && many != null) {
            errors.error(YamlFields.later(one, many).key(), label + " has both symbol and symbols, expected exactly one of them");
            return result;
        }
        if (one == null && many == null) {
            errors.error(map, label + " has neither symbol nor symbols, expected exactly one of them"
                    + " (symbol: NVDA or symbols: [NVDA, MSFT])");
            return result;
        }
        if (one != null) {
            if (one.value() instanceof ListNode) {
                errors.error(one.value(), "symbol must be a single symbol like NVDA, found a list (use symbols: for several)");
                return result;
            }
            Scalar s = fields.scalar(one, "a symbol like NVDA");
            String symbol = s == null ? null : fields.expand(one, s);
            if (symbol != null && watched(s, symbol)) {
                result.add(symbol);
            }
            return result;
        }
        ListNode list = fields.list(many, "a list of symbols like [NVDA, MSFT]");
        if (list == null) {
            return result;
        }
        if (list.items().isEmpty()) {
            errors.error(list, "symbols is empty, expected at least one symbol like [NVDA, MSFT]");
        }
        Set<String> listed = new HashSet<>();
        for (Node item : list.items()) {
            if (!(item instanceof Scalar s) || s.isNull()) {
                errors.report(item, "symbols entry must be a symbol like NVDA, found " + item.describe());
                continue;
            }
            String symbol = fields.expand("symbols", s);
            if (symbol == null) {
                continue;
            }
            if (!listed.add(symbol)) {
                errors.error(s, "symbol '" + symbol + "' is listed twice in symbols, expected each symbol once");
            } else if (watched(s, symbol)) {
                result.add(symbol);
            }
        }
        return result;
    }

    private boolean watched(Scalar s, String symbol) {
        if (watchlist.declared() != null && !watchlist.declared().containsKey(symbol)) {
            errors.error(s, "symbol '" + symbol + "' is not in the watchlist");
            return false;
        }
        return true;
    }

    private Condition condition(Entry entry) {
        Scalar s = fields.scalar(entry, "a condition like price > 100");
        if (s == null) {
            return null;
        }
        String text = fields.expand(entry, s);
        if (text == null) {
            return null;
        }
        try {
            return ConditionParser.parse(text);
        } catch (ConditionSyntaxException e) {
            boolean mappable = s.textColumn() > 0 && text.equals(s.text()) && s.isString();
            int column = mappable ? s.textColumn() + Math.max(1, e.column()) - 1 : s.column();
            errors.error(s.line(), column, "invalid condition: " + e.reason() + NL + e.pointer());
            return null;
        }
    }

    private EarningsRule earnings(Entry entry) {
        MapNode map = fields.map(entry, "a map with remind, date-change and surprise");
        if (map == null) {
            return null;
        }
        int before = errors.count();
        fields.checkKeys(map, EARNINGS_KEYS, "in earnings");
        List<Integer> remind = new ArrayList<>();
        Entry remindEntry = map.entries().get("remind");
        if (remindEntry != null) {
            ListNode list = fields.list(remindEntry, "a list of days before the report like [7d, 1d, 0d]");
            for (Node item : list == null ? List.<Node>of() : list.items()) {
                if (!(item instanceof Scalar s) || s.isNull()) {
                    errors.report(item, "remind entry must be a number of days like 7d, found " + item.describe());
                    continue;
                }
                String text = fields.expand("remind", s);
                if (text == null) {
                    continue;
                }
                Matcher m = DAYS.matcher(text);
                int days = m.matches() ? Integer.parseInt(m.group(1)) : -1;
                if (days < 0 || days > 365) {
                    errors.error(s, "invalid remind offset '" + text + "', expected a number of days from 0d to 365d like 7d");
                } else if (remind.contains(days)) {
                    errors.error(s, "remind offset '" + text + "' is listed twice, expected each offset once");
                } else {
                    remind.add(days);
                }
            }
        }
        boolean dateChange = false;
        Entry dateChangeEntry = map.entries().get("date-change");
        if (dateChangeEntry != null) {
            Scalar s = fields.scalar(dateChangeEntry, "true or false");
            String text = s == null ? null : fields.expand(dateChangeEntry, s);
            if ("true".equals(text) || "false".equals(text)) {
                dateChange = Boolean.parseBoolean(text);
            } else if (text != null) {
                errors.error(s, "invalid date-change '" + text + "', expected true or false");
            }
        }
        BigDecimal surprise = null;
        Entry surpriseEntry = map.entries().get("surprise");
        if (surpriseEntry != null) {
            String text = fields.string(surpriseEntry, "a percentage like 5%");
            if (text != null) {
                Matcher m = PERCENT.matcher(text);
                if (m.matches()) {
                    surprise = new BigDecimal(m.group(1)).movePointLeft(2);
                } else {
                    errors.error(surpriseEntry.value(), "invalid surprise '" + text
                            + "', expected a percentage of 0% or more like 5%");
                }
            }
        }
        if (errors.count() != before) {
            return null;
        }
        if (remind.isEmpty() && !dateChange && surprise == null) {
            errors.error(map, "earnings enables nothing, expected at least one of remind, date-change: true or surprise");
            return null;
        }
        return new EarningsRule(remind, dateChange, surprise);
    }

    private Rearm rearm(Entry entry) {
        String text = fields.string(entry, "a percentage like 2% or a number like 1500");
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
            errors.error(entry.value(), "rearm " + YamlFields.abbreviate(text) + " is out of range, expected at most 15 digits"
                    + " before the decimal point and 12 after it");
            return null;
        }
        if (rearm == null || rearm.value().signum() == 0) {
            errors.error(entry.value(), "invalid rearm '" + text
                    + "', expected a positive percentage like 2% or a positive number like 1500");
            return null;
        }
        return rearm;
    }

    private LocalDate date(Entry entry) {
        String text = fields.string(entry, "a date like 2026-12-31");
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
        errors.error(entry.value(), "invalid " + entry.key().text() + " date '" + text
                + "', expected an ISO date YYYY-MM-DD like 2026-12-31");
        return null;
    }
}
