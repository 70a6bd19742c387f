package dev.marketalerts.core.job;

import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Port: daily history and the latest quote for instruments, as of an instant. */
public interface PriceFeed {

    /**
     * One entry per requested symbol (keyed by symbol). Bars are completed sessions up to {@code asOf}
     * (plus, live, the session in progress), oldest first, with at least {@code barsNeeded} sessions
     * when the source has them.
     */
    Map<String, Fetched<MarketSnapshot>> snapshots(List<Instrument> instruments, int barsNeeded, Instant asOf);
}
