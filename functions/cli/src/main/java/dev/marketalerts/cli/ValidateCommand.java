package dev.marketalerts.cli;

import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.ExitCodes;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code alerts validate}: parses and checks the config; prints {@code OK: N symbols, M rules} or every error. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {"Checks alerts.yaml without running anything.",
                "Prints 'OK: N symbols, M rules', or every error as file:line:column: message (exit 2)."})
public final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    private AlertsCommand parent;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "alerts.yaml",
            description = "The config file (default: ${DEFAULT-VALUE} in the working directory).")
    private String config;

    @Override
    public Integer call() {
        CliEnvironment env = parent.environment();
        AlertsConfig loaded = ConfigFiles.load(env, config);
        env.out().println(ConfigLoader.summary(loaded));
        return ExitCodes.OK;
    }
}
