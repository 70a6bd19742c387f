package dev.marketalerts.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.json.Jackson;
import dev.marketalerts.core.job.StateStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A directory of small JSON documents that survives a killed process: each document is written to {@code NAME.tmp},
 * forced to disk, then renamed over the old one (atomic on POSIX), so a reader finds the old or the new document,
 * never half of one. Writers hold an exclusive lock: the in-JVM lock of the directory and the file lock of
 * {@code DIR/.lock} between processes. Every document carries {@code "format": 1}; one that does not parse or has
 * another format is reported as corrupt, with its path, and left as it is.
 */
final class JsonDirectory {
    static final int FORMAT = 1;
    static final String TMP = ".tmp";

    /** Test seam: runs between writing half of a temp file and the rest, to simulate a process dying mid-write. */
    interface WriteHook {
        WriteHook NONE = new WriteHook() {
            @Override
            public void halfWritten(Path target) {
            }
        };

        void halfWritten(Path target) throws IOException;
    }

    private static final ObjectMapper JSON = Jackson.json();
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path lockFile;
    private final ReentrantLock jvmLock;
    private final boolean fsync;
    private final WriteHook writeHook;

    /**
     * @param fsync false: writes are still atomic renames (safe against a killed process) but not forced to disk (not
     *     safe against power loss)
     */
    JsonDirectory(Path dir, boolean fsync, WriteHook writeHook) {
        this.dir = dir.toAbsolutePath().normalize();
        this.lockFile = this.dir.resolve(".lock");
        ReentrantLock lock = JVM_LOCKS.get(this.dir);
        if (lock == null) {
            ReentrantLock fresh = new ReentrantLock();
            lock = JVM_LOCKS.putIfAbsent(this.dir, fresh);
            lock = lock == null ? fresh : lock;
        }
        this.jvmLock = lock;
        this.fsync = fsync;
        this.writeHook = writeHook;
    }

    Path path() {
        return dir;
    }

    /**
     * Creates the directory and its subdirectories if needed, then deletes the temp files in the subdirectories and
     * those of the documents given: only the lock holder writes temp files, so any found under the lock were left by a
     * process that died.
     */
    void open(List<Path> subdirectories, List<Path> documents) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new StateStoreException("state directory " + dir + " is a file, not a directory");
            }
            for (Path d : subdirectories) {
                Files.createDirectories(d);
            }
        } catch (IOException e) {
            throw new StateStoreException("cannot create state directory " + dir + ": " + e, e);
        }
        try (Held ignored = hold()) {
            for (Path d : subdirectories) {
                for (Path tmp : list(d, TMP)) {
                    deleteQuietly(tmp);
                }
            }
            for (Path document : documents) {
                deleteQuietly(document.resolveSibling(document.getFileName() + TMP));
            }
        }
    }

    /** A new document, with its format. */
    static ObjectNode document() {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        return n;
    }

    /** The JSON tree of a text written by the core's own JSON writers, to embed in a document. */
    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document in {@code file}, or empty when there is no such file. */
    Optional<JsonNode> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateStoreException("cannot read state file " + file + ": " + e, e);
        }
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw corrupt(file, "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (n == null || !n.isObject()) {
            throw corrupt(file, "not a JSON object");
        }
        JsonNode format = n.get("format");
        if (format == null || !format.isIntegralNumber() || !format.canConvertToInt() || format.intValue() != FORMAT) {
            throw corrupt(file, "unknown format " + n.path("format") + " (expected " + FORMAT + ")");
        }
        return Optional.of(n);
    }

    /** Writes {@code content} to {@code target} atomically; call it holding the lock ({@link #locked}). */
    Void write(Path target, ObjectNode content) {
        Path tmp = target.resolveSibling(target.getFileName() + TMP);
        byte[] bytes;
        try {
            bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                int half = bytes.length / 2;
                writeFully(ch, ByteBuffer.wrap(bytes, 0, half));
                writeHook.halfWritten(target);
                writeFully(ch, ByteBuffer.wrap(bytes, half, bytes.length - half));
                if (fsync) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StateStoreException("the file system of " + dir + " cannot rename atomically; the state store needs it", e);
            }
            if (fsync) {
                forceDirectory(target.getParent());
            }
        } catch (IOException e) {
            throw new StateStoreException("cannot write state file " + target + ": " + e, e);
        }
        return null;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is then skipped. */
    private static void forceDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort (e.g. Windows)
        }
    }

    void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StateStoreException("cannot delete state file " + file + ": " + e, e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // retried by the next writer
        }
    }

    /** The files of {@code d} whose names end with {@code suffix}, in no particular order. */
    List<Path> list(Path d, String suffix) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*" + suffix)) {
            for (Path p : s) {
                out.add(p);
            }
        } catch (NoSuchFileException e) {
            throw new StateStoreException("state directory " + d + " is missing (was " + dir + " deleted while in use?)", e);
        } catch (IOException e) {
            throw new StateStoreException("cannot list state directory " + d + ": " + e, e);
        }
        return out;
    }

    /** Runs {@code body} holding both the in-JVM lock and the inter-process file lock of this directory. */
    /**
     * Takes both the in-JVM lock and the inter-process file lock of this directory until the returned hold is closed:
     * {@code try (Held ignored = files.hold()) { ... }} (a block rather than a lambda: each lambda is a class that a cold
     * Lambda container spins at run time).
     */
    Held hold() {
        jvmLock.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new Held(ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            jvmLock.unlock();
            if (e instanceof IOException io) {
                throw lockFailure(io);
            }
            throw (RuntimeException) e;
        }
    }

    private StateStoreException lockFailure(IOException e) {
        return new StateStoreException("cannot lock state directory " + dir + " (" + lockFile + "): " + e, e);
    }

    /** Both locks of the directory, released by {@link #close}. */
    final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                try {
                    lock.release();
                } finally {
                    channel.close();
                }
            } catch (IOException e) {
                throw lockFailure(e);
            } finally {
                jvmLock.unlock();
            }
        }
    }

    static StateStoreException corrupt(Path file, String what) {
        return new StateStoreException("state file " + file + " is corrupt: " + what
                + ". It was left as it is; repair or delete that file (deleting it forgets what it recorded).");
    }
}
