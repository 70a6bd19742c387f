package dev.marketalerts.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEmulatorTest {
    @TempDir
    Path dir;

    @Test
    void aMissingNodeFailsSayingToInstallIt() {
        assertThatThrownBy(() -> LocalEmulator.checkNode("node-that-does-not-exist-" + System.nanoTime()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not found on PATH")
                .hasMessageContaining("install Node 20");
    }

    @Test
    void aMissingPackageFailsSayingToRunNpmCi() {
        assertThatThrownBy(() -> LocalEmulator.checkPackage(dir, LocalEmulator.Kind.DYNALITE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dynalite")
                .hasMessageContaining("run `npm ci`");
    }

    @Test
    void aPackageOfAnotherVersionFailsSayingToRunNpmCi() throws IOException {
        Files.createDirectories(dir.resolve("fauxqs"));
        Files.writeString(dir.resolve("fauxqs").resolve("package.json"), "{\"name\":\"fauxqs\",\"version\":\"2.4.1\"}");

        assertThatThrownBy(() -> LocalEmulator.checkPackage(dir, LocalEmulator.Kind.FAUXQS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2.4.1")
                .hasMessageContaining("1.9.2")
                .hasMessageContaining("run `npm ci`");
    }

    @Test
    @EmulatorTest
    void anEmulatorListensOnLoopbackUntilClosed() throws Exception {
        LocalEmulator dynalite = LocalEmulator.dynalite();
        int port = dynalite.port();
        assertThat(dynalite.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(canConnect(port)).isTrue();

        dynalite.close();

        assertThat(canConnect(port)).isFalse();
    }

    private static boolean canConnect(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
