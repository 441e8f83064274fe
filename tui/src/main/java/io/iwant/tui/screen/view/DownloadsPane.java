package io.iwant.tui.screen.view;

import com.googlecode.lanterna.TerminalTextUtils;
import io.iwant.protocol.control.ControlReply.Download;
import io.iwant.protocol.control.DownloadState;
import io.iwant.tui.screen.model.ConnectionModel;
import io.iwant.tui.screen.model.DownloadsModel;
import io.iwant.tui.text.Units;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Every download in two rows: name, sizes and state; then a progress bar, percent, rate, ETA and peers. A file not
 * yet complete says under them how far it can be played from the start.
 */
final class DownloadsPane extends Pane {
    private static final int STATE = 11;
    private static final int SIZES = 21;
    /** Columns of a running download's numbers: percent, rate, ETA and peers. */
    private static final int DETAIL = 43;

    private final DownloadsModel downloads;
    private final ConnectionModel connection;
    private int top;
    private int visible = 1;

    DownloadsPane(DownloadsModel downloads, ConnectionModel connection) {
        super(0);
        this.downloads = downloads;
        this.connection = connection;
    }

    /** Downloads that fit on the screen, for page keys. */
    int visibleDownloads() {
        return visible;
    }

    @Override
    protected void paint(Painter p) {
        List<Download> all = downloads.downloads();
        p.line(0, summary(all), Style.HEADING);
        if (!connection.isOnline()) {
            Offline.paint(p, 2, connection);
            return;
        }
        if (all.isEmpty()) {
            p.wrap(2, 2, "No downloads yet. Find something in Search (F1) and press Enter to download it.",
                    Style.HINT);
            return;
        }
        visible = Math.max(1, (p.height() - 1) / 3);
        int selected = downloads.selectedIndex();
        if (selected >= 0 && selected < top) {
            top = selected;
        } else if (selected >= top + visible) {
            top = selected - visible + 1;
        }
        top = Math.max(0, Math.min(top, Math.max(0, all.size() - visible)));
        int row = 1;
        for (int i = top; i < all.size() && i - top < visible; i++) {
            paintOne(p, row, all.get(i), i == selected);
            row += 3;
        }
    }

    private static String summary(List<Download> all) {
        if (all.isEmpty()) {
            return " DOWNLOADS";
        }
        long active = all.stream().filter(d -> d.state().active()).count();
        long rate = all.stream().filter(d -> d.state().active()).mapToLong(Download::bytesPerSecond).sum();
        return " DOWNLOADS  " + all.size() + " in the list, " + active + " active"
                + (rate > 0 ? ", " + Units.rate(rate) + " in total" : "");
    }

    private static void paintOne(Painter p, int row, Download d, boolean on) {
        int nameWidth = Math.max(8, p.width() - 2 - 2 - SIZES - 2 - STATE);
        String name = d.dir() ? d.name() + "/" : d.name();
        String sizes = Units.bytes(d.done()) + " / " + Units.bytes(d.size());
        p.line(row, (on ? "> " : "  ") + Text.fit(name, nameWidth) + "  " + Text.right(sizes, SIZES) + "  "
                + Text.right(d.state().label(), STATE), on ? Style.SELECTED : Style.NORMAL);
        if (!on) {
            p.put(p.width() - STATE, row, Text.right(d.state().label(), STATE), stateStyle(d.state()));
        }
        String detail = detail(d);
        if (d.state() == DownloadState.FAILED) {
            // the reason may take the spacer row too: it is the one thing to read about a failed download
            String reason = "failed: " + (d.reason().isEmpty() ? "no reason given" : d.reason());
            List<String> parts = TerminalTextUtils.getWordWrappedText(Math.max(10, p.width() - 5), reason);
            for (int i = 0; i < parts.size() && i < 2; i++) {
                p.put(4, row + 1 + i, parts.get(i) + (i == 1 && parts.size() > 2 ? "…" : ""), Style.ERROR);
            }
            return;
        }
        // every bar has the same width: what the numbers of a running download leave
        int barWidth = Math.max(10, p.width() - 4 - 2 - 1 - DETAIL);
        int filled = (int) Math.round(barWidth * d.fraction());
        int col = p.put(4, row + 1, "[", Style.NORMAL);
        col = p.put(col, row + 1, "#".repeat(filled), Style.BAR_DONE);
        col = p.put(col, row + 1, ".".repeat(barWidth - filled), Style.BAR_LEFT);
        col = p.put(col, row + 1, "]", Style.NORMAL);
        p.put(col, row + 1, detail, d.state() == DownloadState.CANCELLED ? Style.WARN : Style.NORMAL);
        if (!d.dir() && d.playable() > 0 && d.playable() < d.size()) {
            p.put(4, row + 2, "▶ " + Units.bytes(d.playable()) + " playable from the start (p plays it)", Style.HINT);
        }
    }

    private static String detail(Download d) {
        String percent = Text.right(String.format(Locale.ROOT, "%.1f%%", 100 * d.fraction()), 7);
        return switch (d.state()) {
            case DOWNLOADING -> percent + "  " + Text.right(Units.rate(d.bytesPerSecond()), 12) + "  ETA "
                    + Text.fit(Units.duration(d.etaSeconds()), 7) + "  " + peers(d.peers());
            case VERIFYING -> percent + "  verifying…";
            case QUEUED -> percent + "  waiting to start";
            case DONE -> percent + "  " + (d.target().isEmpty() ? "complete" : "saved in " + folderOf(d.target()));
            case CANCELLED -> percent + "  cancelled (r resumes)";
            case FAILED -> percent;
        };
    }

    private static String folderOf(String target) {
        Path parent = Path.of(target).getParent();
        return parent == null ? target : parent.toString();
    }

    private static String peers(int n) {
        return n == 1 ? "1 peer" : n + " peers";
    }

    private static Style stateStyle(DownloadState state) {
        return switch (state) {
            case DONE -> Style.OK;
            case FAILED -> Style.ERROR;
            case CANCELLED -> Style.WARN;
            case QUEUED, VERIFYING, DOWNLOADING -> Style.NORMAL;
        };
    }
}
