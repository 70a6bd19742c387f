package dev.marketalerts.marketdata;

import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.marketdata.http.ProviderException;

/** One provider's adapter for daily history and/or the latest quote of an instrument. */
public interface PriceSource {

    /** The provider name used in alerts.yaml ({@code yahoo}, {@code finnhub}, ...). */
    String name();

    /** Whether this provider has data for the instrument's market at all. */
    boolean covers(Instrument instrument);

    /** Whether this source can supply daily history (quote-only sources are not asked for bars alone). */
    default boolean history() {
        return true;
    }

    PriceData fetch(Instrument instrument, PriceRequest request) throws ProviderException;
}
