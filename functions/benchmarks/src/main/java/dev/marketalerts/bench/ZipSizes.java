package dev.marketalerts.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Zip size per function: the packaged function.zip against the 15 MB budget (10^6 bytes), its largest jars, and a
 * check that no unwanted HTTP client (Apache, Netty) slipped in; the bare Quarkus handler's zip for reference.
 * Usage: {@code ZipSizes REPO_DIR}.
 */
public final class ZipSizes {
    static final long BUDGET_BYTES = 15_000_000L;
    static final List<String> FORBIDDEN = List.of("apache-client", "apache5-client", "netty", "httpclient", "aws-crt");

    public static void main(String[] args) throws IOException {
        Path repo = Path.of(args.length > 0 ? args[0] : ".");
        String part = "3 zip size";
        for (String module : List.of("price-alerts", "earnings-alerts", "benchmarks/bare-handler", "benchmarks/alerts-function")) {
            Path zip = repo.resolve("functions").resolve(module).resolve("target/function.zip");
            if (!Files.isRegularFile(zip)) {
                Results.row(part, module + " function.zip", Double.NaN, "MB", "<= 15", "MISSING", zip + " was not built");
                continue;
            }
            long bytes = Files.size(zip);
            List<ZipEntry> jars = new ArrayList<>();
            List<String> forbidden = new ArrayList<>();
            try (ZipFile z = new ZipFile(zip.toFile())) {
                z.stream().filter(e -> e.getName().endsWith(".jar")).forEach(e -> {
                    jars.add(e);
                    String name = e.getName().toLowerCase(Locale.ROOT);
                    FORBIDDEN.stream().filter(name::contains).findFirst().ifPresent(f -> forbidden.add(e.getName()));
                });
            }
            jars.sort(Comparator.comparingLong(ZipEntry::getCompressedSize).reversed());
            StringBuilder top = new StringBuilder();
            for (ZipEntry e : jars.subList(0, Math.min(5, jars.size()))) {
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                top.append(top.length() == 0 ? "largest: " : ", ").append(name).append(' ')
                        .append(String.format(Locale.ROOT, "%.2f", e.getCompressedSize() / 1e6));
            }
            double mb = bytes / 1e6;
            boolean floor = module.contains("bare");
            if (floor) {
                Results.info(part, "bare Quarkus handler function.zip (reference)", mb, "MB", jars.size() + " jars");
            } else if (module.endsWith("alerts-function")) {
                Results.info(part, "one module with both handlers: its one function.zip (experiment)", mb, "MB", jars.size() + " jars");
            } else {
                Results.row(part, module + " function.zip", mb, "MB", "<= 15", Results.verdict(bytes <= BUDGET_BYTES),
                        String.format(Locale.ROOT, "%.2f MiB, %d jars; %s", bytes / 1048576.0, jars.size(), top));
                Results.row(part, module + " unwanted HTTP clients (Apache, Netty, CRT)", forbidden.size(), "jars", "0",
                        Results.verdict(forbidden.isEmpty()), forbidden.isEmpty() ? "url-connection-client only" : String.join(", ", forbidden));
            }
        }
    }
}
