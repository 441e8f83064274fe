package io.iwant.tui.cli;

import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.HomeAware;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every one-shot command has: its home, and its own out and err writers. */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    Home home() {
        return ((HomeAware) spec.root().userObject()).home();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
