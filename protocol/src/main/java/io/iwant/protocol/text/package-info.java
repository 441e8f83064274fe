/**
 * Text shared by the daemon and the client: {@link io.iwant.protocol.text.TerminalText} makes strings from
 * elsewhere safe to show on a terminal. Pure functions with no state, safe on any thread; uses only the JDK.
 */
package io.iwant.protocol.text;
