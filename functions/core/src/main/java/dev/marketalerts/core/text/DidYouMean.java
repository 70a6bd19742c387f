package dev.marketalerts.core.text;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" hints for a mistyped word, used by the config loader and the condition parser alike: the closest
 * candidate by case-insensitive edit distance, when it is at most 2 edits away and fewer edits than the word has
 * letters (a one-letter word: one edit), so that a hint never rewrites the whole word.
 */
public final class DidYouMean {
    static final int MAX_EDITS = 2;

    private DidYouMean() {
    }

    /** {@code " (did you mean 'x'?)"} for the {@link #closest} candidate, or "". */
    public static String hint(String word, List<String> candidates) {
        return closest(word, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }

    /** The closest candidate (the first of equally close ones) as the candidates spell it, if it is close enough. */
    public static Optional<String> closest(String word, List<String> candidates) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= MAX_EDITS && bestDistance < Math.max(word.length(), 2) ? Optional.of(best) : Optional.empty();
    }

    /** The Levenshtein distance: the fewest insertions, deletions and substitutions that turn {@code a} into {@code b}. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
