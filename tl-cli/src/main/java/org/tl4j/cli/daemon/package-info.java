/**
 * The {@code tl} daemon: a warm JVM that {@code ./tl} keeps for repeated {@code train}, {@code evaluate},
 * {@code predict} and {@code extract} commands ({@link org.tl4j.cli.daemon.DaemonMain}, {@link
 * org.tl4j.cli.daemon.DaemonServer}), the client that relays one command to it ({@link
 * org.tl4j.cli.daemon.DaemonClient}, which needs only {@code java.base}), and their protocol over a Unix domain socket.
 * Nothing here knows what a command does: the daemon runs {@code Main.run} with the client's arguments and streams.
 */
package org.tl4j.cli.daemon;
