/**
 * Small mechanisms every daemon package may use and that know nothing of iwant: today {@link
 * io.iwant.daemon.util.WorkerThread}, the start, stop and crash logging of a long-lived worker thread. Named
 * {@code util} because it serves every capability package and belongs to none; it depends only on the JDK and
 * SLF4J, starts no thread until asked, and holds no capability logic (that goes in the capability's own package).
 */
package io.iwant.daemon.util;
