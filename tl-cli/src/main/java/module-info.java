/** tl4j module org.tl4j.cli. */
module org.tl4j.cli {
    requires org.tl4j.api;
    requires static com.google.auto.service;
}
