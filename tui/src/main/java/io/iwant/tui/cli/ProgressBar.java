package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.DownloadState;
import io.iwant.tui.text.Units;

import java.io.PrintWriter;

/** A one-line progress bar redrawn in place on a terminal: bytes, rate, ETA and peers in use. */
final class ProgressBar {
    private static final int WIDTH = 24;
    private static final long MIN_REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private long lastDraw;
    private int lastLength;

    ProgressBar(PrintWriter out) {
        this.out = out;
    }

    void draw(ControlReply.Download d) {
        long now = System.nanoTime();
        if (now - lastDraw < MIN_REDRAW_NANOS && d.done() < d.size()) {
            return;
        }
        lastDraw = now;
        String line = render(d);
        StringBuilder padded = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) {
            padded.append(' ');
        }
        lastLength = line.length();
        out.print(padded);
        out.flush();
    }

    void finish() {
        if (lastLength > 0) {
            out.println();
        }
    }

    static String render(ControlReply.Download d) {
        boolean done = d.state() == DownloadState.DONE;
        double fraction = d.fraction();
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '#' : '.');
        }
        bar.append(']');
        return String.format(java.util.Locale.ROOT, "%s %3d%%  %s / %s  %s  ETA %s  %d peer%s  %s", bar,
                (int) Math.floor(fraction * 100), Units.bytes(d.done()), d.size() <= 0 && !done ? "?" : Units.bytes(d.size()),
                Units.rate(d.bytesPerSecond()), Units.duration(d.etaSeconds()), d.peers(), d.peers() == 1 ? "" : "s",
                d.state().label());
    }
}
