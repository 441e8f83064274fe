/**
 * The {@code iwanto} command line (picocli): {@link io.iwant.tui.cli.Iwanto} is the root, one class per
 * subcommand, {@link io.iwant.tui.cli.Failures} turns failures into one sentence and an exit code, and
 * {@link io.iwant.tui.cli.Json} writes the {@code --json} documents. Runs on the main thread of a short-lived
 * process; text from the daemon is printed through {@link io.iwant.protocol.text.TerminalText}. Uses protocol,
 * the control client ({@code tui.client}) and, to open the full-screen UI, {@code tui.screen}; never the daemon
 * (its {@code start} command is loaded by name).
 */
package io.iwant.tui.cli;
