package dev.marketalerts.core.market;

import java.util.Objects;

/** A watched symbol: {@code NVDA} on {@link Market#US_EQUITY}, {@code BTC-USD} on {@link Market#CRYPTO}. */
public record Instrument(String symbol, Market market, String name) {
    public Instrument {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(market, "market");
        name = name == null || name.isBlank() ? symbol : name;
    }

    public static Instrument equity(String symbol) {
        return new Instrument(symbol, Market.US_EQUITY, null);
    }

    public static Instrument crypto(String symbol) {
        return new Instrument(symbol, Market.CRYPTO, null);
    }
}
