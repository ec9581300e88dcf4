/**
 * The {@code tl} command line (picocli): one class per subcommand ({@code train}, {@code evaluate},
 * {@code predict}, {@code extract}, {@code export}, {@code describe}, {@code list}, {@code weights}, {@code data},
 * {@code config}, {@code doctor}), the progress output and tables. Exit codes: 0 ok, 1 runtime failure, 2 usage or
 * configuration error. The work itself is done by the runtime, {@code org.tl4j.core}.
 */
package org.tl4j.cli;
