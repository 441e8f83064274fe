package io.iwant.tui.screen.model;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Change listeners of one model. Models change on the GUI thread only, so listeners run there too. */
public final class Listeners {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void add(Runnable listener) {
        listeners.add(listener);
    }

    void fire() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }
}
