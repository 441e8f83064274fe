package io.iwant.tui.testing;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** A Lanterna virtual terminal with a screen on it: keys go in, the screen comes out as text. */
public final class VirtualScreen implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final DefaultVirtualTerminal terminal;
    private final TerminalScreen screen;

    public VirtualScreen(int columns, int rows) {
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        try {
            screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TerminalScreen screen() {
        return screen;
    }

    public DefaultVirtualTerminal terminal() {
        return terminal;
    }

    /** The visible screen, one line per row, trailing blanks removed. */
    public String text() {
        TerminalSize size = terminal.getTerminalSize();
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < size.getRows(); row++) {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < size.getColumns(); col++) {
                TextCharacter c = terminal.getCharacter(col, row);
                line.append(c == null ? " " : c.getCharacterString());
                if (c != null && c.isDoubleWidth()) {
                    col++;
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** One row of the screen. */
    public String row(int row) {
        return text().split("\n", -1)[row];
    }

    public void type(String text) {
        for (char c : text.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
    }

    public void press(KeyType key) {
        terminal.addInput(new KeyStroke(key));
    }

    public void ctrl(char c) {
        terminal.addInput(new KeyStroke(c, true, false));
    }

    public void resize(int columns, int rows) {
        terminal.setTerminalSize(new TerminalSize(columns, rows));
    }

    /** Waits until the screen contains {@code text}; returns the screen. */
    public String awaitText(String text) {
        return await(s -> s.contains(text), "the screen to show \"" + text + "\"");
    }

    /** Waits until the screen no longer contains {@code text}; returns the screen. */
    public String awaitGone(String text) {
        return await(s -> !s.contains(text), "\"" + text + "\" to leave the screen");
    }

    /**
     * Waits until {@code condition} holds for the screen text, or fails showing the last screen. A screen counts only
     * once it is settled (the same on two reads a moment apart), never half-way through a repaint.
     */
    public String await(Predicate<String> condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String last = text();
        while (System.nanoTime() < deadline) {
            last = text();
            if (condition.test(last)) {
                pause(25);
                String again = text();
                if (again.equals(last)) {
                    return last;
                }
            }
            pause(20);
        }
        fail("timed out waiting for " + what + "; the screen was:\n" + last + "\n" + threads());
        return last;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stacks of the UI's threads, to see what a stuck screen waits for. */
    private static String threads() {
        StringBuilder out = new StringBuilder("threads:\n");
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("iwant") || t.getName().contains("GUI")) {
                out.append(t.getName()).append(' ').append(t.getState()).append('\n');
                for (StackTraceElement e : stack) {
                    out.append("    at ").append(e).append('\n');
                }
            }
        });
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        screen.stopScreen();
    }
}
