package dev.marketalerts.core.market;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One earnings report, normalised across providers. EPS values are null when not (yet) known;
 * {@code confirmed} is true only when a provider marks the date confirmed or two providers agree on it,
 * and never for a date on which the exchange is closed.
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
