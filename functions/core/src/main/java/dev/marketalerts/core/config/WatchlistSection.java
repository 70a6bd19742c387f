package dev.marketalerts.core.config;

import dev.marketalerts.core.config.YamlTree.Entry;
import dev.marketalerts.core.config.YamlTree.ListNode;
import dev.marketalerts.core.config.YamlTree.MapNode;
import dev.marketalerts.core.config.YamlTree.Node;
import dev.marketalerts.core.config.YamlTree.Scalar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code watchlist:} section: the symbols, their names and markets, and what the rules may refer to. */
final class WatchlistSection {
    static final List<String> KEYS = List.of("symbol", "name", "market");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9.^=-]{1,20}");

    /**
     * The valid instruments; every symbol declared (valid or not) with its line, or null when some entry's symbol
     * could not be read (rules are then not checked against the watchlist); and the symbols declared crypto.
     */
    record Watchlist(List<Instrument> instruments, Map<String, Integer> declared, Set<String> cryptoSymbols) {
    }

    private final YamlFields fields;
    private final ConfigErrors errors;

    WatchlistSection(YamlFields fields) {
        this.fields = fields;
        this.errors = fields.errors();
    }

    Watchlist read(MapNode top, Entry entry) {
        List<Instrument> result = new ArrayList<>();
        Set<String> cryptoSymbols = new HashSet<>();
        if (entry == null) {
            errors.error(top, "missing key 'watchlist', expected a list of symbols like - { symbol: NVDA }");
            return new Watchlist(result, null, cryptoSymbols);
        }
        ListNode list = fields.list(entry, "a list of symbols like - { symbol: NVDA }");
        if (list == null) {
            return new Watchlist(result, null, cryptoSymbols);
        }
        Map<String, Integer> symbols = new HashMap<>();
        // rules are checked against the watchlist only when every entry's symbol could be read
        boolean complete = true;
        if (list.items().isEmpty()) {
            errors.error(list, "watchlist is empty, expected at least one symbol like - { symbol: NVDA }");
        }
        for (Node item : list.items()) {
            if (!(item instanceof MapNode map)) {
                errors.report(item, "watchlist entry must be a map like { symbol: NVDA }, found " + item.describe());
                complete = false;
                continue;
            }
            int before = errors.count();
            fields.checkKeys(map, KEYS, "in watchlist entry");
            String symbol = null;
            Entry symbolEntry = map.entries().get("symbol");
            if (symbolEntry == null) {
                errors.error(map, "missing key 'symbol' in watchlist entry, expected a symbol like NVDA or BTC-USD");
            } else {
                Scalar s = fields.scalar(symbolEntry, "a symbol like NVDA");
                symbol = s == null ? null : fields.expand(symbolEntry, s);
                if (symbol != null) {
                    Integer first = symbols.putIfAbsent(symbol, s.line());
                    if (!SYMBOL.matcher(symbol).matches()) {
                        errors.error(s, "invalid symbol '" + symbol + "', expected 1 to 20 characters of A-Z, 0-9"
                                + " and . ^ = - like NVDA or BTC-USD");
                    } else if (first != null) {
                        errors.error(s, "duplicate symbol '" + symbol + "' in watchlist (first defined at line " + first + ")");
                    }
                }
            }
            complete &= symbol != null;
            String name = fields.optionalString(map.entries().get("name"), "a display name like NVIDIA");
            Market market = Market.US_EQUITY;
            Entry marketEntry = map.entries().get("market");
            if (marketEntry != null) {
                market = fields.wireValue(marketEntry, "market", Arrays.stream(Market.values()).map(Market::wireName).toList(),
                        Market::fromWireName, Market.US_EQUITY);
            }
            if (market == Market.CRYPTO && symbol != null) {
                cryptoSymbols.add(symbol);
            }
            if (errors.count() == before && symbol != null) {
                result.add(new Instrument(symbol, market, name));
            }
        }
        return new Watchlist(result, complete ? symbols : null, cryptoSymbols);
    }
}
