/**
 * The control socket's vocabulary between the daemon and its clients ({@code iwanto}): the requests
 * ({@link io.iwant.protocol.control.ControlRequest}), the replies ({@link io.iwant.protocol.control.ControlReply}) and
 * where a download is ({@link io.iwant.protocol.control.DownloadState}). Immutable values, checked where they are
 * made, safe on any thread; their wire ids are in {@link io.iwant.protocol.wire.WireIds}. Uses only the JDK.
 */
package io.iwant.protocol.control;
