package dev.marketalerts.core.calendar;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/** Crypto trades every calendar day; a day runs from 00:00 to 24:00 UTC. */
public final class CryptoCalendar implements TradingCalendar {
    public static final CryptoCalendar INSTANCE = new CryptoCalendar();

    private CryptoCalendar() {
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Optional<TradingSession> session(LocalDate date) {
        return Optional.of(new TradingSession(date,
                date.atTime(LocalTime.MIDNIGHT).atZone(ZoneOffset.UTC),
                date.plusDays(1).atTime(LocalTime.MIDNIGHT).atZone(ZoneOffset.UTC),
                false));
    }

    @Override
    public boolean isTradingDay(LocalDate date) {
        return true;
    }
}
