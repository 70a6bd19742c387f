package dev.marketalerts.cli;

import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.CliFailure;
import dev.marketalerts.cli.common.ExitCodes;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ConfigError;
import dev.marketalerts.core.config.ConfigException;
import dev.marketalerts.core.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads alerts.yaml for a command: a config is used whole or not at all (exit 2 with every error). A file over
 * {@link ConfigLoader#MAX_BYTES} is refused before it is read.
 */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static AlertsConfig load(CliEnvironment environment, String configPath) {
        Path file = environment.resolve(configPath);
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage(configPath + ": no such config file (the default is alerts.yaml in the working directory; "
                    + "give another with --config FILE)");
        }
        String text;
        try {
            long size = Files.size(file);
            if (size > ConfigLoader.MAX_BYTES) {
                throw CliFailure.usage(configPath + ": " + ConfigLoader.tooLarge(size) + "; nothing was done.");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw CliFailure.usage(configPath + ": not UTF-8 text");
        } catch (IOException e) {
            throw CliFailure.usage(configPath + ": cannot read: " + e.getMessage());
        }
        try {
            return ConfigLoader.load(configPath, text, environment.env());
        } catch (ConfigException e) {
            List<String> lines = new ArrayList<>();
            e.errors().stream().map(ConfigError::toString).forEach(lines::add);
            int n = e.errors().size();
            lines.add(n + " error" + (n == 1 ? "" : "s") + " in " + configPath + "; nothing was done.");
            throw new CliFailure(ExitCodes.USAGE, lines);
        }
    }
}
