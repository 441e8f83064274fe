package io.iwant.daemon.play;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RangesTest {
    @ParameterizedTest(name = "{0} of 1000 bytes: {1} from {2}, {3} bytes")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "none                       | 200 | 0   | 1000",
            "bytes=0-                   | 206 | 0   | 1000",
            "bytes=0-499                | 206 | 0   | 500",
            "bytes=500-999              | 206 | 500 | 500",
            "bytes=500-5000             | 206 | 500 | 500",
            "bytes=999-                 | 206 | 999 | 1",
            "bytes=-100                 | 206 | 900 | 100",
            "bytes=-5000                | 206 | 0   | 1000",
            "BYTES= 7 - 9               | 206 | 7   | 3",
            "bytes=1000-                | 416 | 0   | 0",
            "bytes=4000-5000            | 416 | 0   | 0",
            "bytes=-0                   | 416 | 0   | 0",
            "bytes=9-7                  | 200 | 0   | 1000",
            "bytes=0-1,5-9              | 200 | 0   | 1000",
            "items=0-9                  | 200 | 0   | 1000",
            "bytes=-                    | 200 | 0   | 1000",
            "bytes=x-9                  | 200 | 0   | 1000",
            "bytes=5                    | 200 | 0   | 1000",
            "bytes=99999999999999999999- | 200 | 0   | 1000",
            "bytes=-9223372036854775807  | 200 | 0   | 1000",
    })
    void a_range_header_asks_for_one_part_of_the_file_or_the_whole_of_it(String header, int status, long first,
                                                                          long length) {
        assertEquals(new Ranges.Part(status, first, length), Ranges.of(header, 1000));
    }

    @ParameterizedTest(name = "{0} of an empty file: {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {"none | 200", "bytes=0- | 416", "bytes=-1 | 416"})
    void an_empty_file_has_no_range_to_give(String header, int status) {
        assertEquals(status, Ranges.of(header, 0).status());
    }
}
