package dev.marketalerts.aws.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: a block of a document between {@code <!-- generated: NAME -->} and {@code <!-- end: NAME -->} that a
 * test writes from what it measured, and the repository root the document lives in.
 */
public final class GeneratedBlock {
    private GeneratedBlock() {
    }

    /** The first ancestor of the working directory with {@code mvnw}, {@code README.md} and {@code functions/}. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("README.md"))
                    && Files.isDirectory(dir.resolve("functions"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (mvnw, README.md, functions/) above " + Path.of("").toAbsolutePath());
    }

    public static String start(String name) {
        return "<!-- generated: " + name + " -->";
    }

    public static String end(String name) {
        return "<!-- end: " + name + " -->";
    }

    /** The text between the markers, without the line breaks next to them. */
    public static String read(String doc, String name) {
        int from = doc.indexOf(start(name));
        int to = doc.indexOf(end(name));
        if (from < 0 || to < from) {
            throw new AssertionError("the document has no " + start(name) + " ... " + end(name) + " block");
        }
        return doc.substring(from + start(name).length(), to).strip();
    }

    /** The document with the block's text replaced. */
    public static String replace(String doc, String name, String content) {
        read(doc, name);
        int from = doc.indexOf(start(name)) + start(name).length();
        int to = doc.indexOf(end(name));
        return doc.substring(0, from) + "\n" + content.strip() + "\n" + doc.substring(to);
    }

    /** The lines only one side has, each marked {@code -} (document) or {@code +} (measured). */
    public static String diff(String documented, String measured) {
        List<String> doc = documented.lines().toList();
        List<String> now = measured.lines().toList();
        List<String> out = new ArrayList<>();
        doc.stream().filter(l -> !now.contains(l)).forEach(l -> out.add("- " + l));
        now.stream().filter(l -> !doc.contains(l)).forEach(l -> out.add("+ " + l));
        return out.isEmpty() ? "(the same lines in another order)" : String.join("\n", out);
    }
}
