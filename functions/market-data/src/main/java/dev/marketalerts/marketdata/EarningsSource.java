package dev.marketalerts.marketdata;

import dev.marketalerts.marketdata.http.ProviderException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/** One provider's adapter for earnings reports dated within [from, to] (exchange-zone dates). */
public interface EarningsSource {

    String name();

    /**
     * Events of {@code symbols} within the window. Throws when the provider answered for none of them;
     * symbols it could not answer for are left out of {@link EarningsResult#answered()}.
     */
    EarningsResult fetch(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf) throws ProviderException;
}
