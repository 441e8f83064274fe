package io.iwant.tui.screen.work;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last lines of a text file, read from its end so a large log costs no more than a small one. */
public final class LogTail {
    /** At most this much of the file's end is read. */
    static final int MAX_BYTES = 128 * 1024;

    private LogTail() {
    }

    /**
     * The last {@code maxLines} complete lines of {@code file} (fewer if the file is shorter).
     *
     * @throws NoSuchFileException when the file does not exist
     */
    public static List<String> read(Path file, int maxLines) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        byte[] tail;
        boolean cut;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, MAX_BYTES);
            cut = length > size;
            tail = new byte[size];
            raf.seek(length - size);
            raf.readFully(tail);
        }
        String text = new String(tail, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (cut && !lines.isEmpty()) {
            lines.remove(0); // the first line was cut by the read window
        }
        List<String> clean = new ArrayList<>(Math.min(lines.size(), maxLines));
        for (String line : lines.subList(Math.max(0, lines.size() - maxLines), lines.size())) {
            clean.add(line.replace('\t', ' ').replaceAll("\\p{Cntrl}", "?"));
        }
        return clean;
    }
}
