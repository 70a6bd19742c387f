package dev.marketalerts.aws.testing;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local AWS emulators of one test class ({@link EmulatorTest}): each started on a free 127.0.0.1 port the first time
 * it is asked for, then the same one for the rest of the class, and stopped after the class by {@link EmulatorsExtension}.
 */
public final class Emulators implements AutoCloseable {
    private final Map<LocalEmulator.Kind, LocalEmulator> started = new EnumMap<>(LocalEmulator.Kind.class);
    private boolean closed;

    Emulators() {
    }

    /** DynamoDB: dynalite. */
    public LocalEmulator dynalite() {
        return get(LocalEmulator.Kind.DYNALITE);
    }

    /** SNS and SQS: fauxqs. */
    public LocalEmulator fauxqs() {
        return get(LocalEmulator.Kind.FAUXQS);
    }

    /** The kinds started so far. */
    public synchronized Set<LocalEmulator.Kind> started() {
        return Set.copyOf(started.keySet());
    }

    private synchronized LocalEmulator get(LocalEmulator.Kind kind) {
        if (closed) {
            throw new IllegalStateException("the emulators of this test class are stopped already");
        }
        return started.computeIfAbsent(kind, LocalEmulator::start);
    }

    @Override
    public synchronized void close() {
        closed = true;
        List<LocalEmulator> running = new ArrayList<>(started.values());
        started.clear();
        RuntimeException failure = null;
        for (LocalEmulator emulator : running) {
            try {
                emulator.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
