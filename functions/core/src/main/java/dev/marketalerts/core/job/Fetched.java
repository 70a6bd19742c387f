package dev.marketalerts.core.job;

import java.util.List;
import java.util.Objects;

/** What a port returns for one item: the value (with warnings worth logging) or why it could not be had. */
public sealed interface Fetched<T> {

    record Ok<T>(T value, List<String> warnings) implements Fetched<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
            warnings = List.copyOf(warnings);
        }
    }

    record Failed<T>(String reason) implements Fetched<T> {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <T> Fetched<T> ok(T value) {
        return new Ok<>(value, List.of());
    }

    static <T> Fetched<T> failed(String reason) {
        return new Failed<>(reason);
    }
}
