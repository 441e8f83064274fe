package io.iwant.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Queries made from names the way people mistype them: the name's words (separators become spaces, the extension
 * is dropped half the time) with one or two mistakes among a deleted letter, two swapped letters, a wrong letter
 * and a dropped word.
 */
final class Typos {
    private Typos() {
    }

    static List<SearchBench.Query> queries(List<String> names, int count, long seed) {
        Random random = new Random(seed);
        List<SearchBench.Query> out = new ArrayList<>(count);
        while (out.size() < count) {
            String name = names.get(random.nextInt(names.size()));
            String base = name;
            int dot = name.lastIndexOf('.');
            if (dot > 0 && random.nextBoolean()) {
                base = name.substring(0, dot);
            }
            List<String> words = new ArrayList<>(Arrays.asList(base.split("[^\\p{L}\\p{N}]+")));
            words.removeIf(String::isEmpty);
            int mistakes = 1 + random.nextInt(2);
            for (int m = 0; m < mistakes; m++) {
                mistake(words, random);
            }
            String text = String.join(" ", words);
            if (text.length() >= 3) {
                out.add(new SearchBench.Query(text, name));
            }
        }
        return out;
    }

    private static void mistake(List<String> words, Random random) {
        int kind = random.nextInt(4);
        if (kind == 3 && words.size() >= 3) {
            words.remove(random.nextInt(words.size()));
            return;
        }
        List<Integer> long4 = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).length() >= 4) {
                long4.add(i);
            }
        }
        if (long4.isEmpty()) {
            return;
        }
        int w = long4.get(random.nextInt(long4.size()));
        StringBuilder word = new StringBuilder(words.get(w));
        int at = 1 + random.nextInt(word.length() - 2);
        switch (kind) {
            case 0 -> word.deleteCharAt(at);
            case 1 -> {
                char c = word.charAt(at);
                word.setCharAt(at, word.charAt(at + 1));
                word.setCharAt(at + 1, c);
            }
            default -> word.setCharAt(at, (char) ('a' + random.nextInt(26)));
        }
        words.set(w, word.toString());
    }
}
