package org.tl4j.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tl4j.api.Tl4j;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.TlException;
import org.tl4j.api.internal.Trace;
import org.tl4j.core.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code tl} command line. Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error. */
// scope INHERIT: every subcommand gets -h/--help and -V/--version too
@Command(name = "tl", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "tl4j — transfer learning for the JVM.",
        footer = {"", "Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error."})
public final class Main implements java.util.concurrent.Callable<Integer> {
    /**
     * The subcommands, in the order the help lists them. picocli builds a command's model by reflection on its
     * annotations (picocli's own classes are Java 5 class files, which class-data sharing cannot archive): when the
     * command line names one of these, only that one is registered (what that saves: docs/PERFORMANCE.md).
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("list", ListCommand::new);
        m.put("config", ConfigCommand::new);
        m.put("describe", DescribeCommand::new);
        m.put("weights", WeightsCommand::new);
        m.put("data", DataCommand::new);
        m.put("doctor", DoctorCommand::new);
        m.put("train", TrainCommand::new);
        m.put("evaluate", EvaluateCommand::new);
        m.put("predict", PredictCommand::new);
        m.put("extract", ExtractCommand::new);
        m.put("export", ExportCommand::new);
        m.put("daemon", DaemonCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /** Exit code for a runtime failure. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for a usage or configuration error. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Load every jar in DIR as a plugin (repeatable; also env TL4J_PLUGINS, ':'-separated).")
    List<Path> plugins = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Show debug logs and stack traces.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print only results and errors.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private Registry registry;

    /** Without a subcommand: the usage text, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** The providers found, with plugins; discovered once. */
    Registry registry() {
        if (registry == null) {
            List<Path> dirs = new ArrayList<>(plugins);
            String env = System.getenv("TL4J_PLUGINS");
            if (env != null && !env.isBlank()) {
                for (String p : env.split(File.pathSeparator)) {
                    if (!p.isBlank()) {
                        dirs.add(Path.of(p));
                    }
                }
            }
            registry = Registry.discover(dirs);
        }
        return registry;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code, writing to the given streams. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Trace.mark("cli: main");
        boolean verbose = List.of(args).contains("-v") || List.of(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // jhdf warns "Using development version of jHDF" whenever its jar's version is unreadable, as on the module
        // path (a named module's Package has no manifest version); it logs nothing else at that level
        System.setProperty("org.slf4j.simpleLogger.log.io.jhdf.HdfFile", "error");
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("error: " + message(e));
            if (verbose) {
                e.printStackTrace(err);
            } else if (!(e instanceof TlException)) {
                err.println("(run with --verbose for the stack trace)");
            }
            err.flush();
            return e instanceof TlConfigException || e instanceof CommandLine.ParameterException ? EXIT_USAGE
                    : EXIT_FAILURE;
        });
        return cl.execute(args);
    }

    /** The configured picocli command line with every subcommand (also used for the help tests). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when that is one of tl's (its options,
     * help and errors are the same either way), with all of them otherwise (no or an unknown subcommand,
     * {@code help}).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        String named = subcommandName(args);
        SUBCOMMANDS.forEach((name, command) -> {
            if (named == null || named.equals(name)) {
                cl.addSubcommand(name, command.get());
            }
        });
        cl.setExitCodeExceptionMapper(e -> e instanceof TlConfigException || e instanceof CommandLine.ParameterException
                ? EXIT_USAGE : EXIT_FAILURE);
        cl.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
        return cl;
    }

    /** The subcommand {@code args} name, when it is one of tl's other than {@code help}; otherwise null. */
    static String subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--plugins")) {
                i++;   // its value
            } else if (!a.startsWith("-")) {
                return SUBCOMMANDS.containsKey(a) && !a.equals("help") ? a : null;
            }
        }
        return null;
    }

    private static String message(Throwable e) {
        if (e instanceof TlException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Prints the tl4j version with the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tl4j " + Tl4j.version(), "Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.vm.name") + ")"};
        }
    }
}
