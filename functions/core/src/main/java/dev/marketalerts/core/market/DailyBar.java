package dev.marketalerts.core.market;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One completed (or, for the current day, in-progress) daily session. {@code date} is the session's
 * date in the market's zone. Open/high/low may be absent (null) in some sources; close never is.
 */
public record DailyBar(LocalDate date, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, Long volume) {
    public DailyBar {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(close, "close");
    }

    public static DailyBar close(LocalDate date, BigDecimal close) {
        return new DailyBar(date, null, null, null, close, null);
    }
}
