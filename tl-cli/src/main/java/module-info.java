/** The {@code tl} command: reads HOCON, finds providers by id, runs. Backbones and backends are found at run time. */
module org.tl4j.cli {
    requires org.tl4j.core;
    requires info.picocli;
    requires org.slf4j;

    opens org.tl4j.cli to info.picocli;
}
