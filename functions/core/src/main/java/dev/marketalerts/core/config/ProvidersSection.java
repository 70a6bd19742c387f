package dev.marketalerts.core.config;

import dev.marketalerts.core.config.YamlTree.Entry;
import dev.marketalerts.core.config.YamlTree.ListNode;
import dev.marketalerts.core.config.YamlTree.MapNode;
import dev.marketalerts.core.config.YamlTree.Node;
import dev.marketalerts.core.config.YamlTree.Scalar;
import dev.marketalerts.core.text.DidYouMean;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code providers:} section: the fallback chain per kind of data and each provider's base-url, timeout and
 * api-key. A key's value never appears in a message, written or expanded.
 */
final class ProvidersSection {
    static final List<String> LISTS = List.of("prices", "crypto", "earnings");
    static final List<String> KEYS = List.of("base-url", "timeout", "api-key");

    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    private final YamlFields fields;
    private final ConfigErrors errors;

    ProvidersSection(YamlFields fields) {
        this.fields = fields;
        this.errors = fields.errors();
    }

    ProvidersConfig read(Entry entry) {
        if (entry == null) {
            return ProvidersConfig.defaults();
        }
        MapNode map = fields.map(entry, "a map with prices, crypto, earnings and provider settings");
        if (map == null) {
            return ProvidersConfig.defaults();
        }
        List<String> allowed = Stream.concat(LISTS.stream(), ProvidersConfig.KNOWN.stream()).toList();
        fields.checkKeys(map, allowed, "in providers");
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
        ListNode list = fields.list(entry, "a list of providers like [" + String.join(", ", defaults) + "]");
        if (list == null) {
            return defaults;
        }
        if (list.items().isEmpty()) {
            errors.error(list, what + " is empty, expected at least one provider like [" + String.join(", ", defaults) + "]");
        }
        List<String> names = new ArrayList<>();
        for (Node item : list.items()) {
            if (!(item instanceof Scalar s) || s.isNull()) {
                errors.report(item, what + " entry must be a provider name, found " + item.describe());
                continue;
            }
            String name = fields.expand(what, s);
            if (name == null) {
                continue;
            }
            if (!ProvidersConfig.KNOWN.contains(name)) {
                errors.error(s, "unknown provider '" + name + "' in " + what + ", expected one of "
                        + String.join(", ", ProvidersConfig.KNOWN) + DidYouMean.hint(name, ProvidersConfig.KNOWN));
            } else if (names.contains(name)) {
                errors.error(s, "provider '" + name + "' is listed twice in " + what + ", expected each provider once");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private ProviderSettings providerSettings(String name, Entry entry) {
        MapNode map = fields.map(entry, "a map with base-url, timeout and api-key");
        if (map == null) {
            return null;
        }
        fields.checkKeys(map, KEYS, "in providers." + name);
        Map<String, Entry> e = map.entries();
        String baseUrl = null;
        if (e.get("base-url") != null) {
            baseUrl = fields.string(e.get("base-url"), "an http or https URL");
            if (baseUrl != null && !isHttpUrl(baseUrl)) {
                errors.error(e.get("base-url").value(), "invalid base-url '" + baseUrl
                        + "', expected an absolute http or https URL like http://127.0.0.1:8080");
                baseUrl = null;
            }
        }
        Duration timeout = null;
        if (e.get("timeout") != null) {
            String text = fields.string(e.get("timeout"), "a duration like 4s or 500ms");
            if (text != null) {
                timeout = ConfigLoader.parseDuration(text).orElse(null);
                if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                    errors.error(e.get("timeout").value(), "invalid timeout '" + text
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
            errors.report(node, node instanceof Scalar ? "api-key has no value, expected a key or ${NAME}"
                    : "api-key must be a key or ${NAME}, found " + node.describe());
            return null;
        }
        if (!s.isString()) {
            return validKey(s, s.text(), List.of());
        }
        EnvExpander.Result r = EnvExpander.expand(s.text(), fields.env());
        if (r.problem() != null) {
            errors.error(s, "api-key has " + r.problem() + ", expected ${NAME} or ${NAME:-default} (write $$ for a literal $)");
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
            errors.error(s, "api-key" + source + " is invalid, expected a single token without spaces or control characters");
            return null;
        }
        return key;
    }
}
