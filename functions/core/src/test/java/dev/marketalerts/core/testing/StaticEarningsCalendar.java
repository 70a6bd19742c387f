package dev.marketalerts.core.testing;

import dev.marketalerts.core.job.EarningsCalendar;
import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.market.EarningsEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Test fake: an earnings calendar holding the events the test gives it; hides EPS actuals until the report time. */
public final class StaticEarningsCalendar implements EarningsCalendar {
    private final List<EarningsEvent> events = new ArrayList<>();
    private String failure;

    public StaticEarningsCalendar set(EarningsEvent... list) {
        events.clear();
        events.addAll(List.of(list));
        failure = null;
        return this;
    }

    public StaticEarningsCalendar fail(String reason) {
        failure = reason;
        return this;
    }

    @Override
    public Fetched<List<EarningsEvent>> events(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf) {
        if (failure != null) {
            return Fetched.failed(failure);
        }
        return Fetched.ok(events.stream()
                .filter(e -> symbols.contains(e.symbol()) && !e.date().isBefore(from) && !e.date().isAfter(to))
                .toList());
    }
}
