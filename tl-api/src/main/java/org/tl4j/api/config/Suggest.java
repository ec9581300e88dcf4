package org.tl4j.api.config;

import java.util.Collection;
import java.util.Locale;
import org.apiguardian.api.API;

/** "Did you mean …" suggestions by edit distance, used for config keys and provider ids. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Suggest {
    private Suggest() {
    }

    /** The candidate closest to {@code word}, or null when none is reasonably close. */
    public static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = normalise(word);
        for (String c : candidates) {
            int d = distance(w, normalise(c));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int limit = Math.max(2, word.length() / 3);
        return bestDistance <= limit ? best : null;
    }

    /** {@code "; did you mean `x`?"} or the empty string. */
    public static String didYouMean(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? "" : "; did you mean `" + c + "`?";
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
