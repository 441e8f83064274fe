/**
 * The client end of the daemon's control socket (a Unix domain socket in the home):
 * {@link io.iwant.tui.client.ControlClient} sends requests and reads replies as framed Kryo messages. One caller
 * thread per connection. Uses protocol only.
 */
package io.iwant.tui.client;
