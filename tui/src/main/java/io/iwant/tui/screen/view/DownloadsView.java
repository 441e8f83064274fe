package io.iwant.tui.screen.view;

import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.input.KeyStroke;
import io.iwant.protocol.control.ControlReply.Download;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.DownloadState;
import io.iwant.tui.screen.model.ConnectionModel;
import io.iwant.tui.screen.model.DownloadsModel;
import io.iwant.tui.screen.model.Notice;
import io.iwant.tui.screen.work.Actions;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/** Every download with its progress; play, cancel, retry and clear finished ones from the keyboard. */
public final class DownloadsView implements View {
    private static final Set<DownloadState> RETRYABLE = EnumSet.of(DownloadState.FAILED, DownloadState.CANCELLED);

    private final DownloadsModel downloads;
    private final Actions actions;
    private final Notice notice;
    private final DownloadsPane pane;
    private final Consumer<Download> play;

    /** {@code play} is called on the GUI thread with the download the user wants to play. */
    public DownloadsView(DownloadsModel downloads, ConnectionModel connection, Actions actions, Notice notice,
                         Consumer<Download> play) {
        this.downloads = downloads;
        this.play = play;
        this.actions = actions;
        this.notice = notice;
        this.pane = new DownloadsPane(downloads, connection);
        downloads.listeners().add(pane::invalidate);
        connection.listeners().add(pane::invalidate);
    }

    @Override
    public String title() {
        return "Downloads";
    }

    @Override
    public Component component() {
        return pane;
    }

    @Override
    public String keys() {
        return "↑↓ choose  p play  c cancel  r retry  x clear finished  Tab views  q quit";
    }

    @Override
    public boolean handleKey(KeyStroke key) {
        switch (key.getKeyType()) {
            case ArrowUp -> downloads.move(-1);
            case ArrowDown -> downloads.move(1);
            case PageUp -> downloads.move(-pane.visibleDownloads());
            case PageDown -> downloads.move(pane.visibleDownloads());
            case Home -> downloads.move(-downloads.downloads().size());
            case End -> downloads.move(downloads.downloads().size());
            case Delete -> cancel();
            default -> {
                if (Keys.is(key, 'p')) {
                    Download d = downloads.selected();
                    if (d != null) {
                        play.accept(d);
                    }
                } else if (Keys.is(key, 'c')) {
                    cancel();
                } else if (Keys.is(key, 'r')) {
                    retry();
                } else if (Keys.is(key, 'x')) {
                    actions.run(new ControlRequest.ClearFinished(), done -> notice.show(
                            done.isBlank() ? "finished downloads cleared" : done, false), this::failed);
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private void cancel() {
        Download d = downloads.selected();
        if (d == null) {
            return;
        }
        if (!d.state().active()) {
            notice.show("\"" + d.name() + "\" is " + d.state().label() + "; only a running or queued download can be "
                    + "cancelled", true);
            return;
        }
        actions.run(new ControlRequest.Cancel(d.hash()), done -> notice.show(
                done.isBlank() ? "cancelled \"" + d.name() + "\"" : done, false), this::failed);
    }

    private void retry() {
        Download d = downloads.selected();
        if (d == null) {
            return;
        }
        if (!RETRYABLE.contains(d.state())) {
            notice.show("\"" + d.name() + "\" is " + d.state().label() + "; only a failed or cancelled download can be "
                    + "retried", true);
            return;
        }
        actions.run(new ControlRequest.Retry(d.hash()), done -> notice.show(
                done.isBlank() ? "retrying \"" + d.name() + "\"" : done, false), this::failed);
    }

    private void failed(String message) {
        notice.show(message, true);
    }
}
