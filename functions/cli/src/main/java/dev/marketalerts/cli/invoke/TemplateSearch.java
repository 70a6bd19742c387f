package dev.marketalerts.cli.invoke;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code alerts invoke} finds the SAM template when {@code --template} is not given: the nearest
 * {@code template.yaml} in the working directory or above it, else the one of the project this command was built in
 * (above {@code functions/cli/target/alerts.jar}), so the command works from any directory, as the other commands do.
 */
final class TemplateSearch {
    static final String NAME = "template.yaml";

    private TemplateSearch() {
    }

    /** The nearest template.yaml in {@code dir} or one of its ancestors. */
    static Optional<Path> nearest(Path dir) {
        for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path candidate = d.resolve(NAME);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The template above the working directory, else above {@code commandHome}; the usage error names both. */
    static Path find(Path workDir, Optional<Path> commandHome) throws IllegalArgumentException {
        Optional<Path> found = nearest(workDir).or(() -> commandHome.flatMap(TemplateSearch::nearest));
        return found.orElseThrow(() -> new IllegalArgumentException("no " + NAME + " in " + workDir + " or a directory above it"
                + commandHome.map(h -> ", nor above the alerts command's own " + h).orElse("")
                + "; run it inside the project, or give the template with --template FILE"));
    }

    /** Where this command's classes were loaded from: alerts.jar, or target/classes in a build. */
    static Optional<Path> commandHome() {
        try {
            var source = TemplateSearch.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
