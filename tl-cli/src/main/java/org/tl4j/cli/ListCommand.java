package org.tl4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tl4j.core.json.Json;
import org.tl4j.core.registry.ProviderInfo;
import org.tl4j.core.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tl list}: every provider found, without loading any engine. */
@Command(name = "list", description = "List backbones, heads, freezers, trainers and backends (with capabilities).")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        Registry registry = main.registry();
        PrintWriter out = spec.commandLine().getOut();
        List<ProviderInfo> rows = registry.describe();
        if (json) {
            out.println(Json.write(rows.stream().map(ListCommand::asJson).toList(), Json.Spacing.SPACED));
        } else {
            Table t = new Table("KIND", "ID", "MODULE", "DESCRIPTION");
            for (ProviderInfo r : rows) {
                String desc = r.description();
                if (!r.capabilities().isEmpty()) {
                    desc += " [" + r.engineVersion() + "; " + String.join(", ", r.capabilities()) + "]";
                }
                t.row(r.kind().label(), r.id(), r.module(), desc);
            }
            t.print(out);
        }
        for (String w : registry.warnings()) {
            spec.commandLine().getErr().println("warning: " + w);
        }
        return 0;
    }

    private static Map<String, Object> asJson(ProviderInfo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.kind().label());
        m.put("id", r.id());
        m.put("module", r.module());
        m.put("description", r.description());
        m.put("capabilities", List.copyOf(r.capabilities()));
        m.put("engine", r.engineVersion());
        return m;
    }
}
