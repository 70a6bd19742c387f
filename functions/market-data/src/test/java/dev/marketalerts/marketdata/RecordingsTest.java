package dev.marketalerts.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The real recordings under {@code providers/real/} are the bytes the providers sent: nothing may re-encode them. */
class RecordingsTest {

    private static Map<String, String> listedHashes() {
        Map<String, String> hashes = new TreeMap<>();
        for (String line : ProviderFixtures.text("real/SHA256SUMS").split("\n")) {
            String[] parts = line.split(" {2}", 2);
            hashes.put(parts[1], parts[0]);
        }
        return hashes;
    }

    @Test
    void everyRecordingIsListedAndKeepsTheBytesOfItsSource() throws IOException, URISyntaxException, NoSuchAlgorithmException {
        Path root = Path.of(ProviderFixtures.class.getResource("/providers/real").toURI());
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("SHA256SUMS")).toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                actual.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }

        assertThat(actual).hasSize(38).isEqualTo(listedHashes());
    }
}
