package io.iwant.tui;

import io.iwant.tui.cli.Iwanto;

/** Entry point of {@code iwanto}: the one-shot commands, the daemon ({@code start}) and the full-screen UI. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = Iwanto.run(args, System.out, System.err);
        } catch (Throwable e) { // an Error escaped picocli's handler: still one sentence, never a trace
            System.err.println("iwanto failed unexpectedly: " + e);
            code = 1;
        }
        System.exit(code);
    }
}
