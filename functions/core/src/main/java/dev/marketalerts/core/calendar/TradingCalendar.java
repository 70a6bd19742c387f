package dev.marketalerts.core.calendar;

import dev.marketalerts.core.market.Market;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/** Which days a market trades and when its sessions open and close, in the market's own zone. */
public interface TradingCalendar {

    ZoneId zone();

    /** The session on {@code date}, or empty when the market is closed all day. */
    Optional<TradingSession> session(LocalDate date);

    default boolean isTradingDay(LocalDate date) {
        return session(date).isPresent();
    }

    /** The last trading day strictly before {@code date}. */
    default LocalDate previousTradingDay(LocalDate date) {
        LocalDate d = date.minusDays(1);
        while (!isTradingDay(d)) {
            d = d.minusDays(1);
        }
        return d;
    }

    /** The first trading day strictly after {@code date}. */
    default LocalDate nextTradingDay(LocalDate date) {
        LocalDate d = date.plusDays(1);
        while (!isTradingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** The trading day {@code n} sessions before {@code date} ({@code n = 0}: date itself when it trades). */
    default LocalDate tradingDaysBefore(LocalDate date, int n) {
        LocalDate d = date;
        for (int i = 0; i < n; i++) {
            d = previousTradingDay(d);
        }
        return d;
    }

    /** The calendar date in this market's zone at {@code instant} (whether or not the market trades that day). */
    default LocalDate dateAt(Instant instant) {
        return LocalDate.ofInstant(instant, zone());
    }

    /** The latest session whose close is at or before {@code now}; empty if none within the preceding year. */
    default Optional<TradingSession> lastClosedSession(Instant now) {
        LocalDate d = dateAt(now);
        LocalDate stop = d.minusDays(366);
        for (; d.isAfter(stop); d = d.minusDays(1)) {
            Optional<TradingSession> session = session(d);
            if (session.isPresent() && !session.get().closeInstant().isAfter(now)) {
                return session;
            }
        }
        return Optional.empty();
    }

    static TradingCalendar forMarket(Market market) {
        return switch (market) {
            case US_EQUITY -> NyseCalendar.INSTANCE;
            case CRYPTO -> CryptoCalendar.INSTANCE;
        };
    }
}
