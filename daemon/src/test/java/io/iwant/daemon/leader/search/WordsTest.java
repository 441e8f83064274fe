package io.iwant.daemon.leader.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordsTest {
    @Test
    void separators_split_words_and_letters_stay_with_digits() {
        assertEquals(List.of("silicon", "valley", "s01e01", "1080p", "x264", "mkv"),
                Words.analyze("Silicon.Valley.S01E01.1080p_x264-[mkv]").words());
    }

    @Test
    void camel_case_splits_and_keeps_the_joined_word_for_the_index() {
        Words.Analysis a = Words.analyze("SiliconValleyHTMLParser.java");
        assertEquals(List.of("silicon", "valley", "html", "parser", "java"), a.words());
        assertEquals(List.of("silicon", "valley", "html", "parser", "siliconvalleyhtmlparser", "java"),
                a.indexWords());
    }

    @Test
    void accents_and_special_letters_fold_to_plain_letters() {
        assertEquals(List.of("creme", "brulee", "strasse", "malmo", "aeroskobing", "lodz"),
                Words.analyze("Crème Brûlée Straße Malmö Ærøskøbing Łódź").words());
    }

    @Test
    void one_letter_words_are_kept_for_comparison_but_not_indexed() {
        Words.Analysis a = Words.analyze("a b Ocean's 11");
        assertEquals(List.of("a", "b", "ocean", "s", "11"), a.words());
        assertEquals(List.of("ocean", "11"), a.indexWords());
    }

    @Test
    void other_scripts_are_words_too() {
        assertEquals(List.of("москва", "東京"), Words.analyze("Москва_東京").words());
    }

    @Test
    void a_pathological_name_adds_a_bounded_number_of_words() {
        String name = "w".repeat(500) + " " + "ab cd ef gh ij kl mn op qr st uv wx yz ".repeat(10);
        Words.Analysis a = Words.analyze(name);
        assertEquals(Words.MAX_WORD, a.words().get(0).length());
        assertEquals(true, a.indexWords().size() <= Words.MAX_INDEX_WORDS);
    }

    @Test
    void a_query_splits_camel_case_only_into_real_words() {
        assertEquals(List.of("silicon", "valley"), Words.analyzeQuery("SiliconValley").words());
        assertEquals(List.of("dse3363", "jpg"), Words.analyzeQuery("DSe3363 JPG").words());
        assertEquals(List.of("iphone", "case"), Words.analyzeQuery("iPhone case").words());
    }
}
