package dev.marketalerts.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateSearchTest {
    @TempDir
    Path dir;

    @Test
    void theNearestTemplateAboveTheWorkingDirectoryWins() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path deep = Files.createDirectories(project.resolve("functions/price-alerts/src"));
        Files.writeString(project.resolve("template.yaml"), "Resources: {}\n");
        Files.writeString(dir.resolve("template.yaml"), "Resources: {}\n");

        assertThat(TemplateSearch.nearest(deep)).contains(project.resolve("template.yaml"));
        assertThat(TemplateSearch.find(deep, Optional.of(dir.resolve("elsewhere")))).isEqualTo(project.resolve("template.yaml"));
    }

    @Test
    void outsideAnyProjectTheCommandsOwnProjectIsUsed() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path jar = Files.createDirectories(project.resolve("functions/cli/target")).resolve("alerts.jar");
        Files.writeString(project.resolve("template.yaml"), "Resources: {}\n");
        Path elsewhere = Files.createDirectories(dir.resolve("work/notes"));

        assertThat(TemplateSearch.find(elsewhere, Optional.of(jar))).isEqualTo(project.resolve("template.yaml"));
    }

    @Test
    void withNoTemplateAnywhereTheErrorSaysWhereItLookedAndWhatToDo() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("work"));
        Path jar = Files.createDirectories(dir.resolve("copied")).resolve("alerts.jar");

        assertThatThrownBy(() -> TemplateSearch.find(elsewhere, Optional.of(jar)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no template.yaml in " + elsewhere + " or a directory above it, nor above the alerts command's own " + jar
                        + "; run it inside the project, or give the template with --template FILE");
    }

    @Test
    void inTheBuildTheCommandsHomeIsInsideThisProject() {
        Path repo = Path.of("../..").toAbsolutePath().normalize();

        assertThat(TemplateSearch.commandHome()).hasValueSatisfying(home -> assertThat(home).startsWith(repo));
        assertThat(TemplateSearch.commandHome().flatMap(TemplateSearch::nearest)).contains(repo.resolve("template.yaml"));
    }
}
