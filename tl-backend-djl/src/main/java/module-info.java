/** tl4j module org.tl4j.backend.djl. */
module org.tl4j.backend.djl {
    requires org.tl4j.api;
    requires static com.google.auto.service;
}
