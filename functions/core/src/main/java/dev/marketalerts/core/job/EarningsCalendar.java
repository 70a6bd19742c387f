package dev.marketalerts.core.job;

import dev.marketalerts.core.market.EarningsEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Port: earnings reports of the given symbols dated within [from, to] (exchange-zone dates). */
public interface EarningsCalendar {

    Fetched<List<EarningsEvent>> events(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf);
}
