package dev.marketalerts.core.market;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One earnings report, normalised across providers. EPS values are null when not (yet) known;
 * {@code confirmed} is false for a provider's estimated date or when providers disagree.
 */
public record EarningsEvent(
        String symbol,
        LocalDate date,
        EarningsSession session,
        String fiscalPeriod,
        BigDecimal epsEstimate,
        BigDecimal epsActual,
        boolean confirmed,
        String provider) {
    public EarningsEvent {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(date, "date");
        session = session == null ? EarningsSession.UNKNOWN : session;
        Objects.requireNonNull(provider, "provider");
    }

    public EarningsEvent withConfirmed(boolean value) {
        return new EarningsEvent(symbol, date, session, fiscalPeriod, epsEstimate, epsActual, value, provider);
    }
}
