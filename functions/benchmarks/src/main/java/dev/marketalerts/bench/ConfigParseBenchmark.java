package dev.marketalerts.bench;

import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ConfigException;
import dev.marketalerts.core.config.ConfigLoader;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Parsing and validating a 1,000-rule alerts.yaml over 100 symbols ({@link ConfigLoader#load}), warm. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConfigParseBenchmark {
    String yaml;

    @Setup
    public void setUp() throws ConfigException {
        yaml = Configs.alertsYaml(100, 1000, "");
        if (ConfigLoader.load("alerts.yaml", yaml, Map.of()).rules().size() != 1000) {
            throw new IllegalStateException("the generated config does not hold 1000 rules");
        }
    }

    @Benchmark
    public AlertsConfig load() throws ConfigException {
        return ConfigLoader.load("alerts.yaml", yaml, Map.of());
    }
}
