package io.iwant.daemon.leader.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns names, folder paths and queries into search words: accents folded ("Café" → "cafe", "Straße" → "strasse"),
 * lowercase, split at every character that is not a letter or digit ('.', '_', '-', spaces, '/', ...) and at
 * camelCase boundaries ("SiliconValley" → "silicon", "valley"; "HTMLParser" → "html", "parser"). Letters and digits
 * stay together
 * ("S01E01", "x264", "1080p"). A camelCase run also yields its joined form as an extra index word, so a query
 * typed without the boundary still finds it.
 */
final class Words {
    /** Shorter words are not indexed: they would match half the network and carry no meaning on their own. */
    static final int MIN_INDEXED = 2;
    /** Longer words are cut; nobody types 200 letters without a space. */
    static final int MAX_WORD = 48;
    /** A pathological name or folder path adds at most this many words to the index. */
    static final int MAX_INDEX_WORDS = 32;

    /**
     * The words of a text: {@code words} in order (for display-level fuzzy comparison), {@code indexWords} distinct
     * and at least {@link #MIN_INDEXED} long (what the index stores), {@code length} the total letters of
     * {@code words} (shorter names win ties).
     */
    record Analysis(List<String> words, List<String> indexWords, int length) {
        String joined() {
            return String.join(" ", words);
        }
    }

    private Words() {
    }

    /** The words of a name or folder path, camelCase split, with joined camelCase runs as extra index words. */
    static Analysis analyze(String text) {
        return analyze(text, false);
    }

    /**
     * The words of what a user typed. A run is camelCase split only if it has no digit and every part has at least
     * {@value #MIN_QUERY_PART} letters: "SiliconValley" splits, but a stray capital in "DSe3363", "S0nE12" or
     * "iPhone" is a typo or a brand, and the whole run is the word (the index holds joined runs too).
     */
    static Analysis analyzeQuery(String text) {
        return analyze(text, true);
    }

    static final int MIN_QUERY_PART = 3;

    private static Analysis analyze(String text, boolean query) {
        String folded = fold(text);
        List<String> words = new ArrayList<>();
        Set<String> index = new LinkedHashSet<>();
        int length = 0;
        int n = folded.length();
        int i = 0;
        List<Integer> cuts = new ArrayList<>();
        while (i < n) {
            int cp = folded.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n && Character.isLetterOrDigit(folded.codePointAt(i))) {
                i += Character.charCount(folded.codePointAt(i));
            }
            cuts.clear();
            cuts.add(start);
            for (int j = start + Character.charCount(folded.codePointAt(start)); j < i;
                 j += Character.charCount(folded.codePointAt(j))) {
                if (camelBoundary(folded, j, i)) {
                    cuts.add(j);
                }
            }
            cuts.add(i);
            if (query && (!allPartsAtLeast(cuts, MIN_QUERY_PART) || hasDigit(folded, start, i))) {
                cuts.subList(1, cuts.size() - 1).clear();
            }
            for (int c = 0; c + 1 < cuts.size(); c++) {
                length += add(folded.substring(cuts.get(c), cuts.get(c + 1)), words, index);
            }
            if (cuts.size() > 2) {
                String joined = cut(lower(folded.substring(start, i)));
                if (joined.length() >= MIN_INDEXED && index.size() < MAX_INDEX_WORDS) {
                    index.add(joined);
                }
            }
        }
        return new Analysis(words, List.copyOf(index), length);
    }

    private static boolean hasDigit(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean allPartsAtLeast(List<Integer> cuts, int min) {
        for (int c = 0; c + 1 < cuts.size(); c++) {
            if (cuts.get(c + 1) - cuts.get(c) < min) {
                return false;
            }
        }
        return true;
    }

    /** Removes accents (and compatibility forms: ligatures, full-width letters); keeps the case. */
    static String fold(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) {
            return s;
        }
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK) {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean camelBoundary(String s, int j, int end) {
        int prev = s.codePointBefore(j);
        int cur = s.codePointAt(j);
        if (Character.isLowerCase(prev) && Character.isUpperCase(cur)) {
            return true;
        }
        int next = j + Character.charCount(cur);
        return Character.isUpperCase(prev) && Character.isUpperCase(cur) && next < end
                && Character.isLowerCase(s.codePointAt(next));
    }

    private static int add(String part, List<String> words, Set<String> index) {
        String word = cut(lower(part));
        words.add(word);
        if (word.length() >= MIN_INDEXED && index.size() < MAX_INDEX_WORDS) {
            index.add(word);
        }
        return word.length();
    }

    private static String cut(String word) {
        if (word.length() <= MAX_WORD) {
            return word;
        }
        return word.substring(0, Character.isHighSurrogate(word.charAt(MAX_WORD - 1)) ? MAX_WORD - 1 : MAX_WORD);
    }

    /** Lowercase, with the letters that have no decomposition spelled out (ß, æ, œ, ø, ł, đ, ð, þ, ı). */
    private static String lower(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        boolean ascii = true;
        for (int i = 0; i < lower.length() && ascii; i++) {
            ascii = lower.charAt(i) < 0x80;
        }
        if (ascii) {
            return lower;
        }
        StringBuilder out = new StringBuilder(lower.length() + 4);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            switch (c) {
                case 'ß' -> out.append("ss");
                case 'æ' -> out.append("ae");
                case 'œ' -> out.append("oe");
                case 'ø' -> out.append('o');
                case 'ł' -> out.append('l');
                case 'đ', 'ð' -> out.append('d');
                case 'þ' -> out.append("th");
                case 'ı' -> out.append('i');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
