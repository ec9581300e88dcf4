package org.tl4j.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tl4j.api.Tl4j;
import org.tl4j.api.config.ConfigLoader;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.internal.Trace;
import org.tl4j.core.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code tl} command line. Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error; whatever ends a
 * command reaches the user as one {@code error: } line ({@link Failures}).
 */
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

    // scope INHERIT: accepted before or after the subcommand (`tl -q train CONF`, `tl train CONF -q`); picocli sets
    // this object's fields either way
    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Show debug logs and stack traces.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Print only results and errors.")
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

    /**
     * Loads a run file (or the defaults when null) with {@code --set} overrides against the providers' reference.conf
     * files, printing what the loader warns about (an {@code include} that found nothing) on {@code err}.
     */
    RunConfig loadConfig(Path file, List<String> sets, PrintWriter err) {
        ConfigLoader loader = new ConfigLoader(registry().classLoader());
        RunConfig config = RunConfig.from(loader.load(file, sets, System.getProperties()));
        loader.warnings().forEach(w -> err.println("warning: " + w));
        return config;
    }

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        boolean verbose = verbose(args);
        // a failure on another thread (a helper's Error) is reported the same way, not as Java's stack trace
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> Failures.report(e, args, verbose, err));
        System.exit(run(args, new PrintWriter(System.out, true), err));
    }

    /**
     * Runs the command line and returns the exit code, writing to the given streams; whatever it throws, including
     * an {@link Error}, ends as one line on {@code err} ({@link Failures}).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, e -> { });
    }

    /**
     * As {@link #run(String[], PrintWriter, PrintWriter)}, handing an {@link Error} to {@code afterError} once it was
     * reported (a daemon stops after one: its JVM's state is in doubt).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Consumer<Error> afterError) {
        boolean verbose = verbose(args);
        try {
            Trace.mark("cli: main");
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
            System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
            // jhdf warns "Using development version of jHDF" whenever its jar's version is unreadable, as on the
            // module path (a named module's Package has no manifest version); it logs nothing else at that level
            System.setProperty("org.slf4j.simpleLogger.log.io.jhdf.HdfFile", "error");
            CommandLine cl = commandLine(args);
            cl.setOut(out);
            cl.setErr(err);
            cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> Failures.report(e, args, verbose, err));
            return cl.execute(args);
        } catch (Throwable e) { // what picocli lets through: Errors, failures while building the command line
            int code = Failures.report(e, args, verbose, err);
            if (e instanceof Error error) {
                afterError.accept(error);
            }
            return code;
        }
    }

    private static boolean verbose(String[] args) {
        return List.of(args).contains("-v") || List.of(args).contains("--verbose");
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
        cl.setExitCodeExceptionMapper(Failures::exitCode);
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

    /** Prints the tl4j version with the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tl4j " + Tl4j.version(), "Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.vm.name") + ")"};
        }
    }
}
