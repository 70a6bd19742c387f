package dev.marketalerts.core.config;

import dev.marketalerts.core.config.WatchlistSection.Watchlist;
import dev.marketalerts.core.config.YamlTree.Entry;
import dev.marketalerts.core.config.YamlTree.MapNode;
import dev.marketalerts.core.config.YamlTree.Node;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** The keys a rule may have (what "did you mean" suggests from in a rule). */
    static final List<String> RULE_KEYS = RulesSection.KEYS;

    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");

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
        return read(fileName, text, env == null ? Map.of() : env);
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

    /** One load: reads the top level, then each section in turn, and fails with every error found. */
    private static AlertsConfig read(String file, String text, Map<String, String> env) throws ConfigException {
        ConfigErrors errors = new ConfigErrors(file);
        Node root = YamlTree.parse(file, text, errors.list());
        if (root == null) {
            if (errors.isEmpty()) {
                errors.error(1, 1, "the file is empty, expected a map with watchlist and rules"
                        + " (and optionally timezone and providers)");
            }
            throw errors.failure();
        }
        if (!(root instanceof MapNode top)) {
            errors.error(root, "the file must be a map with watchlist and rules, found " + root.describe());
            throw errors.failure();
        }
        YamlFields fields = new YamlFields(errors, env);
        fields.checkKeys(top, TOP_KEYS, "at top level");
        Map<String, Entry> e = top.entries();
        SettingsSection settings = new SettingsSection(fields);
        ZoneId zone = settings.timezone(e.get("timezone"));
        Watchlist watchlist = new WatchlistSection(fields).read(top, e.get("watchlist"));
        List<RuleConfig> rules = new RulesSection(fields, watchlist).read(top, e.get("rules"));
        ProvidersConfig providers = new ProvidersSection(fields).read(e.get("providers"));
        int healthAfter = settings.healthAfter(e.get("health"));
        if (!errors.isEmpty()) {
            throw errors.failure();
        }
        return new AlertsConfig(zone, watchlist.instruments(), rules, providers, healthAfter);
    }
}
