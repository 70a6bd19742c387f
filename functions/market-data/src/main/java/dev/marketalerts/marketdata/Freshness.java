package dev.marketalerts.marketdata;

import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.calendar.TradingSession;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.Quote;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * When market data is too old to use. A quote must be no older than the market's staleness limit
 * measured from the latest moment the market printed (now during a session, else the last close).
 * Daily history must reach at least the session before the latest one that has opened.
 */
public final class Freshness {

    private Freshness() {
    }

    /** The latest instant at which the market could have printed a price, as of {@code asOf}. */
    public static Instant latestPrint(Market market, Instant asOf) {
        TradingCalendar calendar = TradingCalendar.forMarket(market);
        LocalDate today = asOf.atZone(market.zone()).toLocalDate();
        Optional<TradingSession> session = calendar.session(today);
        if (session.isPresent() && !asOf.isBefore(session.get().openInstant())) {
            return asOf.isBefore(session.get().closeInstant()) ? asOf : session.get().closeInstant();
        }
        LocalDate previous = calendar.previousTradingDay(today);
        return calendar.session(previous).map(TradingSession::closeInstant).orElse(asOf);
    }

    public static boolean isFresh(Quote quote, Market market, Instant asOf) {
        return !quote.asOf().isBefore(latestPrint(market, asOf).minus(market.staleness()));
    }

    /** The date of the latest session that has opened by {@code asOf}. */
    public static LocalDate latestSessionDay(Market market, Instant asOf) {
        TradingCalendar calendar = TradingCalendar.forMarket(market);
        LocalDate today = asOf.atZone(market.zone()).toLocalDate();
        Optional<TradingSession> session = calendar.session(today);
        if (session.isPresent() && !asOf.isBefore(session.get().openInstant())) {
            return today;
        }
        return calendar.previousTradingDay(today);
    }

    /** The oldest last-bar date accepted as current: the session before the latest one that has opened. */
    public static LocalDate oldestAcceptableLastBar(Market market, Instant asOf) {
        return TradingCalendar.forMarket(market).previousTradingDay(latestSessionDay(market, asOf));
    }

    public static boolean isFresh(List<DailyBar> bars, Market market, Instant asOf) {
        return !bars.isEmpty() && !bars.get(bars.size() - 1).date().isBefore(oldestAcceptableLastBar(market, asOf));
    }
}
