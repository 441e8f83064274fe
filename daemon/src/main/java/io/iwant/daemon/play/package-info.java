/**
 * Playing a file while it downloads: a small HTTP server on 127.0.0.1 (never another interface) that serves the
 * verified bytes of a file by a random token in the path, with {@code Range} support so that a player can seek (a
 * range beyond what has arrived moves the download's window there and waits for it).
 * <p>Entry class: {@link io.iwant.daemon.play.PlayServer}; {@code Ranges} reads a {@code Range} header.
 * <p>Threads: the server starts on the first {@link io.iwant.daemon.play.PlayServer#url} and then runs one
 * {@code play-accept} thread of the JDK's server and up to {@code play-N} threads that each send one response,
 * blocking until its bytes are verified.
 * <p>May use: {@code io.iwant.daemon.transfer.fetch} (its {@code DownloadManager} and {@code FileStream}) and the
 * JDK's {@code com.sun.net.httpserver}.
 */
package io.iwant.daemon.play;
