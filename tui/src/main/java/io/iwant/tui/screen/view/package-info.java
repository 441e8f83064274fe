/**
 * The full-screen UI's views and panes (Lanterna): thin components that paint the models of
 * {@code tui.screen.model} and turn key presses into actions. They run on Lanterna's GUI thread only; text is
 * fitted and cleaned by {@link io.iwant.tui.screen.view.Text} (through {@link io.iwant.protocol.text.TerminalText}).
 * Use protocol, {@code tui.text}, the models and {@code tui.screen.work}'s actions; never a socket.
 */
package io.iwant.tui.screen.view;
