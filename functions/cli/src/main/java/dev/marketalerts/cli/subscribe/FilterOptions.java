package dev.marketalerts.cli.subscribe;

import dev.marketalerts.aws.subscribe.FilterPolicy;
import dev.marketalerts.aws.subscribe.SubscriptionInputException;
import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ConfigException;
import dev.marketalerts.core.config.ConfigLoader;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.market.Instrument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * The filter options of {@code alerts subscribe} and {@code alerts filter-policy}: which symbols, kinds, rules and
 * severities a subscription receives, turned into a {@link FilterPolicy}; and the watchlist check against alerts.yaml.
 */
public final class FilterOptions {
    static final String DEFAULT_CONFIG = "alerts.yaml";

    @Option(names = "--symbols", split = ",", paramLabel = "SYMBOL",
            description = "Only alerts for these symbols (the 'symbol' attribute), e.g. NVDA,IREN. Read in upper case.")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--kinds", split = ",", paramLabel = "KIND",
            description = "Only these kinds of alert: price, earnings-reminder, earnings-date-change, earnings-surprise.")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--severity", paramLabel = "info|warning|critical",
            description = "Only alerts of this severity or louder: warning means warning and critical; info means every alert.")
    String severity;

    @Option(names = "--rules", split = ",", paramLabel = "RULE-ID",
            description = "Only alerts of these rules of alerts.yaml (the 'rule' attribute).")
    List<String> rules = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "alerts.yaml to check the symbols and rules against (a warning, not an error, for those not in it; "
                    + "default: alerts.yaml in the working directory when there is one).")
    String config;

    /** The policy, or empty with the problems added to {@code problems} (bad values, SNS's limits). */
    Optional<FilterPolicy> policy(List<String> problems) {
        try {
            return Optional.of(FilterPolicy.forAlerts(symbols, kinds, Optional.ofNullable(severity), rules));
        } catch (SubscriptionInputException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }

    /** A config named with --config that does not exist is a problem; the default one is optional. */
    void checkConfigExists(CliEnvironment env, List<String> problems) {
        if (config != null && !Files.isRegularFile(env.resolve(config))) {
            problems.add("--config " + config + ": no such file");
        }
    }

    /**
     * Warnings for symbols and rules of the policy that alerts.yaml does not have (no alert would carry them), or why
     * they could not be checked. Nothing when there is no config to check against.
     */
    List<String> warnings(CliEnvironment env, FilterPolicy policy) {
        String name = config != null ? config : DEFAULT_CONFIG;
        Path file = env.resolve(name);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> wantedSymbols = policy.values().getOrDefault(FilterPolicy.SYMBOL, List.of());
        List<String> wantedRules = policy.values().getOrDefault(FilterPolicy.RULE, List.of());
        if (wantedSymbols.isEmpty() && wantedRules.isEmpty()) {
            return List.of();
        }
        AlertsConfig loaded;
        try {
            // one over the size limit is not read at all
            loaded = Files.size(file) > ConfigLoader.MAX_BYTES ? null
                    : ConfigLoader.load(name, Files.readString(file, StandardCharsets.UTF_8), env.env());
        } catch (ConfigException | IOException e) {
            loaded = null;
        }
        if (loaded == null) {
            return List.of("warning: " + name + " could not be read (alerts validate --config " + name
                    + " says why): symbols and rules were not checked against it");
        }
        List<String> warnings = new ArrayList<>();
        Set<String> watchlist = loaded.watchlist().stream().map(Instrument::symbol).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> unknownSymbols = wantedSymbols.stream().filter(s -> !watchlist.contains(s)).toList();
        if (!unknownSymbols.isEmpty()) {
            warnings.add("warning: " + String.join(", ", unknownSymbols) + (unknownSymbols.size() == 1 ? " is" : " are")
                    + " not in the watchlist of " + name + ", so no alert has " + (unknownSymbols.size() == 1 ? "it" : "them")
                    + " yet (watchlist: " + String.join(", ", watchlist) + ")");
        }
        Set<String> ruleIds = loaded.rules().stream().map(RuleConfig::id).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> unknownRules = wantedRules.stream().filter(r -> !ruleIds.contains(r)).toList();
        if (!unknownRules.isEmpty()) {
            warnings.add("warning: " + String.join(", ", unknownRules) + (unknownRules.size() == 1 ? " is not a rule" : " are not rules")
                    + " of " + name + ", so no alert has " + (unknownRules.size() == 1 ? "it" : "them")
                    + " yet (rules: " + String.join(", ", ruleIds) + ")");
        }
        return warnings;
    }
}
