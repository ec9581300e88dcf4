/** tl4j module org.tl4j.examples. */
module org.tl4j.examples {
    requires org.tl4j.api;
    requires static com.google.auto.service;
}
