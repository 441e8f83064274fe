/**
 * The user's media player, found and started for {@code iwanto play} and the full-screen UI's play key:
 * {@link io.iwant.tui.player.Player}. Uses the JDK only.
 */
package io.iwant.tui.player;
