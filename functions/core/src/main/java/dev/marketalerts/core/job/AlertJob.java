package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.AlertSource;
import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.Evaluation;
import dev.marketalerts.core.rules.MetricContext;
import dev.marketalerts.core.rules.RunningIndicators;
import dev.marketalerts.core.rules.TriState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One tick of the product: read the market through the ports, evaluate every rule per symbol, claim each alert
 * id, publish what was claimed, record it, and save the rule state of what we claimed. The claim holds the whole
 * alert and counts its publish attempts, so an alert stays owed until it is recorded as sent: claims that an
 * earlier run left unrecorded (it failed, crashed, or could not tell whether SNS took the message) are delivered
 * first. A claim held by another run leaves this run's rule state as it was, so a later tick retries. The Lambdas
 * and the CLI run this same class; docs/DESIGN.md states the guarantee.
 */
public final class AlertJob {
    /** How long a claim protects an alert being delivered; shorter than the gap between two ticks. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

    /**
     * How a tick delivers: the claim's lease, how many publish attempts one tick makes for an alert whose outcome was
     * unknown (each recorded in the claim first), and the pause before such a retry.
     */
    public record DeliveryPolicy(Duration lease, int attemptsPerTick, Duration retryPause) {
        public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(DEFAULT_LEASE, 2, Duration.ofSeconds(1));

        public DeliveryPolicy {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(retryPause, "retryPause");
            if (lease.isNegative() || lease.isZero() || attemptsPerTick < 1 || retryPause.isNegative()) {
                throw new IllegalArgumentException("a positive lease, at least one attempt and a non-negative pause are required");
            }
        }

        public DeliveryPolicy withRetryPause(Duration pause) {
            return new DeliveryPolicy(lease, attemptsPerTick, pause);
        }
    }
    private static final ZoneId EXCHANGE_ZONE = Market.US_EQUITY.zone();

    private final AlertsConfig config;
    private final PriceFeed prices;
    private final EarningsCalendar earnings;
    private final AlertStateStore store;
    private final Notifier notifier;
    private final Clock clock;
    private final DeliveryPolicy delivery;
    private final JobListener listener;
    /** The watchlist by symbol: a tick looks every symbol of every rule up, and a backtest runs hundreds of thousands of ticks. */
    private final Map<String, Instrument> watchlist = new HashMap<>();
    /** Each symbol's recursive indicators as the last tick left them, continued by the next (a backtest's ticks, a warm container's). */
    private final Map<String, RunningIndicators> running = new ConcurrentHashMap<>();
    /** The earnings rules and their US equities, worked out once: the report-day watch ticks every 5 minutes. */
    private final List<RuleConfig> earningsRules;
    private final Set<String> earningsSymbols;

    /** Hooks for logs and metrics; all methods default to nothing. */
    public interface JobListener {
        /**
         * A decision on one rule for one symbol. Its evaluation carries the observed values only if
         * {@link #explainsDecisions()} or the condition held.
         */
        default void decided(RuleConfig rule, String symbol, Evaluation evaluation, boolean fired) {
        }

        /** Whether {@link #decided} needs every decision's observed values (a decision log), not just the firings'. */
        default boolean explainsDecisions() {
            return false;
        }

        default void providerFailed(String what, String reason) {
        }

        /** A health incident opens or closes (its alert follows through the normal delivery). */
        default void healthIncident(Alert alert) {
        }

        /** An owed alert an earlier run left unrecorded is delivered again. */
        default void redelivering(PendingAlert pending) {
        }

        default void delivered(Alert alert, String messageId) {
        }

        /** Not published, or not known to be ({@code unknown}); the alert stays owed. */
        default void deliveryFailed(Alert alert, String reason, boolean unknown) {
        }

        /** Published, but the store did not take a write about it (record or history); {@code reason} says which. */
        default void storeFailed(Alert alert, String reason) {
        }

        /** Not published by this run: recorded as sent already, or claimed by another run ({@link ClaimOutcome#describe()}). */
        default void duplicate(Alert alert, ClaimOutcome outcome) {
        }

        JobListener NONE = new JobListener() {
        };
    }

    public AlertJob(AlertsConfig config, PriceFeed prices, EarningsCalendar earnings, AlertStateStore store, Notifier notifier,
                    Clock clock, DeliveryPolicy delivery, JobListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.earnings = Objects.requireNonNull(earnings, "earnings");
        this.store = Objects.requireNonNull(store, "store");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.listener = listener == null ? JobListener.NONE : listener;
        for (Instrument i : config.watchlist()) {
            watchlist.putIfAbsent(i.symbol(), i);
        }
        this.earningsRules = EarningsTick.rules(config);
        this.earningsSymbols = EarningsTick.symbols(earningsRules, watchlist);
    }

    /** As {@link AlertsConfig#instrument}: the first watchlist entry of {@code symbol}. */
    private Optional<Instrument> instrument(String symbol) {
        return Optional.ofNullable(watchlist.get(symbol));
    }

    public AlertJob(AlertsConfig config, PriceFeed prices, EarningsCalendar earnings, AlertStateStore store, Notifier notifier, Clock clock) {
        this(config, prices, earnings, store, notifier, clock, DeliveryPolicy.DEFAULT, JobListener.NONE);
    }

    public AlertsConfig config() {
        return config;
    }

    /** Runs one tick over every market. */
    public TickSummary run(JobKind job, Instant scheduledTime) {
        return run(job, scheduledTime, EnumSet.allOf(Market.class));
    }

    /** Runs one tick; the price job looks only at instruments of {@code markets} (a crypto-only schedule, say). */
    public TickSummary run(JobKind job, Instant scheduledTime, Set<Market> markets) {
        return run(job, scheduledTime, markets, false);
    }

    /**
     * One tick of the report-day watch: when the kept calendar has a report dated yesterday or today that is due and
     * still lacks its actual, ask for those reports only and send their surprises; otherwise read the store and ask no
     * provider. Owed alerts are delivered as in every tick. A watch tick reports the job's open health incidents but does not
     * count for health (the routine runs do).
     */
    public TickSummary watchEarnings(Instant scheduledTime) {
        return run(JobKind.EARNINGS, scheduledTime, EnumSet.allOf(Market.class), true);
    }

    /**
     * Whose health a tick counts: the job's, and for a price tick limited to some markets those markets' (the equity and
     * crypto schedules share scheduled times, and each must count its own ticks).
     */
    static String healthKey(JobKind job, Set<Market> markets) {
        if (job != JobKind.PRICE || markets.containsAll(EnumSet.allOf(Market.class))) {
            return job.wireName();
        }
        StringBuilder key = new StringBuilder(job.wireName());
        Set<Market> sorted = EnumSet.noneOf(Market.class); // iterates in declaration order, the enum's natural order
        sorted.addAll(markets);
        for (Market m : sorted) {
            key.append('-').append(m.wireName());
        }
        return key.toString();
    }

    private TickSummary run(JobKind job, Instant scheduledTime, Set<Market> markets, boolean watch) {
        Tick tick = new Tick(clock.instant());
        Instant tickTime = scheduledTime != null ? scheduledTime : tick.now;
        tick.redeliverExpiredClaims();
        if (job == JobKind.PRICE || job == JobKind.ALL) {
            tick.priceRules(markets);
        }
        if (job == JobKind.EARNINGS || job == JobKind.ALL) {
            tick.earningsRules(watch);
        }
        String healthKey = healthKey(job, markets);
        HealthState health = tick.readHealth(healthKey);
        // A retry or a copy of a tick already counted must not count it again (three copies are not three ticks).
        boolean counts = !watch && health != null && (health.lastTick() == null || tickTime.isAfter(health.lastTick()));
        if (counts) {
            HealthMonitor.Step step = HealthMonitor.data(health, healthKey, config.healthAfter(), tickTime, tick.now, tick.universe,
                    tick.watched, tick.missing);
            health = step.next();
            for (Alert a : step.alerts()) {
                tick.addHealth(a);
            }
        }
        tick.deliver(new ArrayList<>(tick.candidates.values()), true);
        if (counts) {
            HealthMonitor.Step step = HealthMonitor.delivery(health, healthKey, config.healthAfter(), tickTime, tick.now,
                    tick.attempted, tick.publishFailure);
            health = step.next();
            if (!step.alerts().isEmpty()) {
                List<Candidate> incidents = new ArrayList<>();
                for (Alert a : step.alerts()) {
                    listener.healthIncident(a);
                    incidents.add(new Candidate(a, null, null, null));
                }
                tick.deliver(incidents, false);
            }
            health = new HealthState(tickTime, health.missing(), health.publishFailures(), health.dataIncident(), health.deliveryIncident());
            tick.saveHealth(healthKey, health);
        }
        tick.saveStates();
        return new TickSummary(job, scheduledTime, tick.evaluated, tick.triggered, tick.sent, tick.failed, tick.duplicates,
                tick.deferred, tick.sentAlerts, tick.problems, tick.unknowns, health == null ? 0 : health.openIncidents());
    }

    /** The symbol's recursive indicators as the last tick left them (new for a symbol not seen before). */
    private RunningIndicators runningIndicators(String symbol) {
        RunningIndicators r = running.get(symbol);
        if (r == null) {
            r = new RunningIndicators();
            RunningIndicators raced = running.putIfAbsent(symbol, r);
            r = raced != null ? raced : r;
        }
        return r;
    }

    /** Whether a rule's condition holds with its rearm band, asked only when the trigger policy needs it. */
    private static final class Loosened implements Supplier<TriState> {
        private final RuleConfig rule;
        private final MetricContext context;

        Loosened(RuleConfig rule, MetricContext context) {
            this.rule = rule;
            this.context = context;
        }

        @Override
        public TriState get() {
            return rule.condition().holdsLoosened(context, rule.rearm());
        }
    }

    /** The working memory of one tick. */
    private final class Tick {
        final Instant now;
        int evaluated;
        int triggered;
        int sent;
        int failed;
        int duplicates;
        int deferred;
        final List<Alert> sentAlerts = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<String> unknowns = new ArrayList<>();
        /** Symbols this job watches at all, those this tick looked at, and those it found without usable data (why). */
        final Set<String> universe = new LinkedHashSet<>();
        final Set<String> watched = new LinkedHashSet<>();
        final Map<String, String> missing = new LinkedHashMap<>();
        boolean attempted;
        String publishFailure;
        /** Alerts to deliver, each with the rule state to save once it is delivered (null for earnings). */
        final Map<String, Candidate> candidates = new LinkedHashMap<>();
        final Map<RuleKey, RuleState> quietStates = new LinkedHashMap<>();
        final List<EarningsSnapshot> snapshots = new ArrayList<>();
        /** Earnings symbols with an alert claimed by another run: their snapshot is left for that run. */
        final Set<String> heldElsewhere = new HashSet<>();

        Tick(Instant now) {
            this.now = now;
        }

        void redeliverExpiredClaims() {
            for (PendingAlert pending : store.dueClaims(now)) {
                listener.redelivering(pending);
                candidates.putIfAbsent(pending.alert().id(), new Candidate(pending.alert(), null, null, null));
            }
        }

        void priceRules(Set<Market> markets) {
            // loops rather than lambdas and streams on this path: each lambda is a class a cold container spins
            List<RuleConfig> rules = new ArrayList<>();
            for (RuleConfig r : config.rules()) {
                if (!r.isEarnings()) {
                    rules.add(r);
                }
            }
            Set<String> symbols = new LinkedHashSet<>();
            int bars = 1;
            for (RuleConfig r : rules) {
                for (String s : r.symbols()) {
                    Instrument i = watchlist.get(s);
                    if (i != null) {
                        universe.add(i.symbol());
                        if (markets.contains(i.market())) {
                            symbols.add(i.symbol());
                        }
                    }
                }
                bars = Math.max(bars, r.condition().barsNeeded());
            }
            watched.addAll(symbols);
            if (symbols.isEmpty()) {
                return;
            }
            List<Instrument> instruments = new ArrayList<>(symbols.size());
            for (String s : symbols) {
                instruments.add(watchlist.get(s));
            }
            Map<String, Fetched<MarketSnapshot>> snapshots = prices.snapshots(instruments, bars, now);
            Map<String, LocalDate> lastEarnings = lastEarnings(rules, symbols);
            Map<RuleKey, RuleConfig> keys = new LinkedHashMap<>();
            for (RuleConfig r : rules) {
                for (String s : r.symbols()) {
                    if (symbols.contains(s)) {
                        keys.put(new RuleKey(r.id(), s), r);
                    }
                }
            }
            Map<RuleKey, RuleState> states = store.ruleStates(keys.keySet());
            Map<String, MetricContext> contexts = new HashMap<>();
            for (Map.Entry<RuleKey, RuleConfig> entry : keys.entrySet()) {
                RuleKey key = entry.getKey();
                RuleConfig rule = entry.getValue();
                Fetched<MarketSnapshot> fetched = snapshots.get(key.symbol());
                if (!(fetched instanceof Fetched.Ok<MarketSnapshot> ok)) {
                    String reason = fetched instanceof Fetched.Failed<MarketSnapshot> f ? "prices failed: " + f.reason()
                            : "the price feed returned nothing";
                    missing.put(key.symbol(), reason);
                    listener.decided(rule, key.symbol(), Evaluation.unknown(reason, null), false);
                    continue;
                }
                MetricContext context = contexts.get(key.symbol());
                if (context == null) {
                    String s = key.symbol();
                    context = new MetricContext(ok.value(), TradingCalendar.forMarket(ok.value().instrument().market()), now,
                            lastEarnings.get(s), runningIndicators(s));
                    String problem = context.priceProblem();
                    if (problem != null) {
                        missing.put(s, problem);
                    }
                    contexts.put(s, context);
                }
                evaluate(rule, key, context, states.getOrDefault(key, RuleState.INITIAL));
            }
            for (Map.Entry<String, Fetched<MarketSnapshot>> e : snapshots.entrySet()) {
                String symbol = e.getKey();
                if (e.getValue() instanceof Fetched.Failed<MarketSnapshot> failure) {
                    problems.add("prices for " + symbol + ": " + failure.reason());
                    listener.providerFailed("prices " + symbol, failure.reason());
                } else if (e.getValue() instanceof Fetched.Ok<MarketSnapshot> ok) {
                    for (String w : ok.warnings()) {
                        listener.providerFailed("prices " + symbol, w);
                    }
                }
            }
            for (String s : symbols) {
                if (!snapshots.containsKey(s)) {
                    problems.add("prices for " + s + ": the price feed returned nothing");
                }
            }
        }

        private Map<String, LocalDate> lastEarnings(List<RuleConfig> rules, Set<String> symbols) {
            boolean needed = false;
            for (RuleConfig r : rules) {
                needed |= r.condition().needsLastEarnings();
            }
            Map<String, LocalDate> out = new HashMap<>();
            if (needed) {
                for (String s : symbols) {
                    store.earningsSnapshot(s).map(EarningsSnapshot::lastReported).ifPresent(d -> out.put(s, d));
                }
            }
            return out;
        }

        private void evaluate(RuleConfig rule, RuleKey key, MetricContext context, RuleState previous) {
            MarketSnapshot snapshot = context.snapshot();
            TradingCalendar calendar = context.calendar();
            Evaluation evaluation = evaluation(rule.condition(), context, previous.crossingValues());
            evaluated++;
            LocalDate exchangeDay = evaluation.dataAsOf().atZone(calendar.zone()).toLocalDate();
            TriggerPolicy.Decision decision = TriggerPolicy.decide(rule, previous, evaluation,
                    new Loosened(rule, context), now, exchangeDay, config.timezone());
            listener.decided(rule, key.symbol(), evaluation, decision.fire());
            if (evaluation.result() == TriState.UNKNOWN && evaluation.unknownReason() != null) {
                unknowns.add(rule.id() + " for " + key.symbol() + ": " + evaluation.unknownReason());
            }
            if (!decision.fire()) {
                if (!decision.next().equals(previous)) {
                    quietStates.put(key, decision.next());
                }
                return;
            }
            triggered++;
            String provider = snapshot.quote() != null ? snapshot.quote().provider() : snapshot.barsProvider();
            Map<String, Object> observed = new LinkedHashMap<>(evaluation.observed());
            observed.put("condition", rule.condition().text());
            Alert alert = new Alert(Alert.VERSION, AlertIds.of(rule.id(), key.symbol(), AlertKind.PRICE, decision.occurrence()),
                    rule.id(), key.symbol(), AlertKind.PRICE, rule.severity(),
                    AlertTexts.priceTitle(snapshot.instrument(), rule.condition(), evaluation.observed()),
                    AlertTexts.priceText(rule.id(), snapshot.instrument(), rule.condition(), evaluation.observed(), provider,
                            evaluation.dataAsOf(), config.timezone()),
                    now, observed, new AlertSource(provider == null ? "unknown" : provider, evaluation.dataAsOf()));
            add(new Candidate(alert, key, decision.next(), null));
        }

        /**
         * The full evaluation when something reads more than the decision and the crossings' values: a true condition
         * may fire (the alert carries its observed values), an unknown one says why, and an explaining listener logs
         * every decision's values. Otherwise the decision and the values the next tick's crossings need, which for
         * {@code price > 100} or {@code price crosses above 100} skips all the bookkeeping.
         */
        private Evaluation evaluation(Condition condition, MetricContext context, Map<String, BigDecimal> previous) {
            if (listener.explainsDecisions()) {
                return condition.evaluate(context, previous);
            }
            BigDecimal[] crossings = condition.remembersCrossings() ? new BigDecimal[condition.crossingKeys().size()] : null;
            TriState result = condition.check(context, previous, crossings);
            if (result != TriState.FALSE) {
                return condition.evaluate(context, previous);
            }
            return new Evaluation(result, Map.of(), crossings == null ? Map.of() : condition.crossingValues(crossings), context.dataAsOf());
        }

        void earningsRules(boolean watch) {
            if (earningsSymbols.isEmpty()) {
                // no earnings rule over a US equity: the earnings tick would find, fetch and save nothing
                return;
            }
            EarningsTick.Outcome o = new EarningsTick(config, earnings, store, listener, now, AlertJob.this::instrument, earningsRules,
                    earningsSymbols).run(watch);
            universe.addAll(o.universe);
            watched.addAll(o.watched);
            problems.addAll(o.problems);
            o.missing.forEach((symbol, why) -> missing.merge(symbol, why, (x, y) -> x + "; " + y));
            evaluated += o.evaluated;
            triggered += o.triggered;
            o.fired.forEach(f -> add(new Candidate(f.alert(), null, null, f.symbol())));
            snapshots.addAll(o.snapshots);
        }

        void addHealth(Alert alert) {
            listener.healthIncident(alert);
            add(new Candidate(alert, null, null, null));
        }

        /** The job's health, or null when the store cannot tell (the tick goes on; it says so). */
        HealthState readHealth(String key) {
            try {
                return store.healthState(key).orElse(HealthState.INITIAL);
            } catch (StateStoreException e) {
                problems.add("reading the health of the " + key + " job: " + e.getMessage() + " (no health alerts this tick)");
                return null;
            }
        }

        void saveHealth(String key, HealthState health) {
            try {
                store.saveHealthState(key, health);
            } catch (StateStoreException e) {
                problems.add("saving the health of the " + key + " job: " + e.getMessage());
            }
        }

        /** A fresh alert whose id is already pending redelivery keeps the pending text but takes the fresh state. */
        private void add(Candidate c) {
            Candidate pending = candidates.get(c.alert.id());
            candidates.put(c.alert.id(), pending == null ? c : new Candidate(pending.alert, c.key, c.next, c.snapshotSymbol));
        }

        /**
         * Claim, publish, record, each alert on its own. An alert we claimed is owed from then on (the claim holds it),
         * so its rule state advances whatever the publish does; an alert claimed by another run leaves the state as it
         * was. An unknown outcome is retried in this tick under a fresh claim attempt; a failure waits for a later tick.
         */
        void deliver(List<Candidate> batch, boolean countsForHealth) {
            List<Candidate> round = batch;
            for (int attempt = 1; !round.isEmpty(); attempt++) {
                if (attempt > 1) {
                    pause();
                }
                round = deliverRound(round, attempt == 1, attempt == delivery.attemptsPerTick(), countsForHealth);
            }
        }

        /** Saves the rule states and earnings snapshots this tick may advance, each on its own. */
        void saveStates() {
            for (Map.Entry<RuleKey, RuleState> quiet : quietStates.entrySet()) {
                RuleKey key = quiet.getKey();
                try {
                    store.saveRuleState(key, quiet.getValue());
                } catch (StateStoreException e) {
                    problems.add("saving the state of rule " + key.ruleId() + " for " + key.symbol() + ": " + e.getMessage()
                            + " (the next tick evaluates it again; its alert ids are unchanged)");
                }
            }
            for (EarningsSnapshot s : snapshots) {
                if (!heldElsewhere.contains(s.symbol())) {
                    try {
                        store.saveEarningsSnapshot(s);
                    } catch (StateStoreException e) {
                        problems.add("saving the earnings snapshot of " + s.symbol() + ": " + e.getMessage()
                                + " (the next tick compares against the previous one again; its alert ids are unchanged)");
                    }
                }
            }
        }

        /** One claim-publish-record pass; returns the alerts whose outcome was unknown and that this tick may retry. */
        private List<Candidate> deliverRound(List<Candidate> round, boolean firstRound, boolean lastRound, boolean countsForHealth) {
            List<Candidate> claimed = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (Candidate c : round) {
                ClaimOutcome outcome;
                try {
                    outcome = store.claim(c.alert, now, delivery.lease());
                } catch (StateStoreException e) {
                    failed++;
                    problems.add("claiming " + c.alert.id() + ": " + e.getMessage() + " (not published; the next tick tries again)");
                    listener.deliveryFailed(c.alert, "cannot claim: " + e.getMessage(), false);
                    if (firstRound) {
                        hold(c);
                    }
                    continue;
                }
                if (outcome instanceof ClaimOutcome.Claimed cl) {
                    claimed.add(c);
                    tokens.add(cl.token());
                    advance(c);
                } else if (outcome instanceof ClaimOutcome.AlreadySent) {
                    duplicates++;
                    listener.duplicate(c.alert, outcome);
                    advance(c);
                } else {
                    deferred++;
                    listener.duplicate(c.alert, outcome);
                    if (firstRound) {
                        hold(c);
                    }
                }
            }
            List<Alert> claimedAlerts = new ArrayList<>(claimed.size());
            for (Candidate c : claimed) {
                claimedAlerts.add(c.alert);
            }
            List<Notifier.Delivery> deliveries = claimed.isEmpty() ? List.of() : notifier.publish(List.copyOf(claimedAlerts));
            attempted |= countsForHealth && !claimed.isEmpty();
            if (deliveries.size() != claimed.size()) {
                throw new IllegalStateException("the notifier answered " + deliveries.size() + " deliveries for " + claimed.size() + " alerts");
            }
            List<Candidate> retry = new ArrayList<>();
            for (int i = 0; i < claimed.size(); i++) {
                Candidate c = claimed.get(i);
                String token = tokens.get(i);
                Notifier.Delivery d = deliveries.get(i);
                if (d instanceof Notifier.Delivery.Sent s) {
                    sent(c.alert, token, s.messageId());
                } else if (d instanceof Notifier.Delivery.Unknown u && !lastRound) {
                    String reason = "outcome unknown: " + u.reason();
                    // Said at once: the retry below may give the subscriber a second copy.
                    listener.deliveryFailed(c.alert, reason + " (sending it again in this tick)", true);
                    if (keepOwed(c.alert, token, reason)) {
                        retry.add(c);
                    }
                } else {
                    boolean unknown = d instanceof Notifier.Delivery.Unknown;
                    String reason = unknown ? "outcome unknown: " + ((Notifier.Delivery.Unknown) d).reason() : ((Notifier.Delivery.Failed) d).reason();
                    boolean kept = keepOwed(c.alert, token, reason);
                    failed++;
                    if (countsForHealth) {
                        publishFailure = reason;
                    }
                    String next = kept ? "the next tick sends it again" : "a tick after its lease sends it again";
                    problems.add("publishing " + c.alert.id() + ": " + reason + (unknown
                            ? " (it may have been published; " + next + ", so one more copy is possible)"
                            : " (kept; " + next + ")"));
                    listener.deliveryFailed(c.alert, reason, unknown);
                }
            }
            return retry;
        }

        private void sent(Alert alert, String token, String messageId) {
            sent++;
            sentAlerts.add(alert);
            listener.delivered(alert, messageId);
            try {
                store.recordSent(alert.id(), token, messageId, now);
            } catch (StateStoreException e) {
                String reason = "published as message " + messageId + " but not recorded: " + e.getMessage()
                        + " (after its lease ends at " + now.plus(delivery.lease()) + " a later tick sends it once more)";
                problems.add(alert.id() + " " + reason);
                listener.storeFailed(alert, reason);
                return;
            }
            try {
                store.appendHistory(alert, messageId, now);
            } catch (StateStoreException e) {
                String reason = "sent and recorded, but not added to the history: " + e.getMessage();
                problems.add(alert.id() + " " + reason);
                listener.storeFailed(alert, reason);
            }
        }

        /** Keeps the alert owed under our claim, due at once; false when the store did not take it (the lease then decides). */
        private boolean keepOwed(Alert alert, String token, String reason) {
            try {
                store.retryLater(alert.id(), token, now, reason);
                return true;
            } catch (StateStoreException e) {
                problems.add("keeping " + alert.id() + " owed: " + e.getMessage() + " (a later tick delivers it after its lease ends at "
                        + now.plus(delivery.lease()) + ")");
                return false;
            }
        }

        private void advance(Candidate c) {
            if (c.key != null) {
                quietStates.put(c.key, c.next);
            }
        }

        /** Another run holds this alert's claim (or the claim failed): this run's state for it stays as it was. */
        private void hold(Candidate c) {
            if (c.key != null) {
                quietStates.remove(c.key);
            }
            if (c.snapshotSymbol != null) {
                heldElsewhere.add(c.snapshotSymbol);
            }
        }

        private void pause() {
            if (delivery.retryPause().isZero()) {
                return;
            }
            try {
                Thread.sleep(delivery.retryPause().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An alert to deliver, with the rule state or the earnings symbol whose snapshot waits on it. */
    private record Candidate(Alert alert, RuleKey key, RuleState next, String snapshotSymbol) {
    }
}
