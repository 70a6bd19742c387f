package dev.marketalerts.cli.subscribe;

import dev.marketalerts.aws.subscribe.FilterPolicy;
import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code alerts filter-policy}: prints the SNS filter policy that {@code alerts subscribe} would set for the same options,
 * for the template's AlertEmailFilterPolicy parameter or an {@code aws sns subscribe --attributes} call.
 */
@Command(name = "filter-policy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Prints the SNS filter policy JSON that alerts subscribe would set for these filter options.",
                "Use it for the template's AlertEmailFilterPolicy parameter:",
                "  sam deploy --parameter-overrides \"AlertEmailFilterPolicy='$(./alerts filter-policy --symbols NVDA,IREN)'\"",
                "or in aws sns subscribe --attributes. No options: prints nothing (no policy, every alert).",
                "Exit codes: 0 printed; 2 bad input, or over SNS's limits (5 keys, 150 value combinations)."})
final class FilterPolicyCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin
    FilterOptions filter = new FilterOptions();

    FilterPolicyCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        List<String> problems = new ArrayList<>();
        Optional<FilterPolicy> policy = filter.policy(problems);
        filter.checkConfigExists(environment, problems);
        if (!problems.isEmpty()) {
            throw SubscriptionCommands.invalid("filter-policy", problems, "No policy was printed.");
        }
        filter.warnings(environment, policy.get()).forEach(environment.err()::println);
        policy.get().json().ifPresentOrElse(environment.out()::println,
                () -> environment.err().println("no filter options: no filter policy, every alert is delivered"));
        return ExitCodes.OK;
    }
}
