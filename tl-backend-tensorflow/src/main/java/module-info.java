/** tl4j module org.tl4j.backend.tensorflow. */
module org.tl4j.backend.tensorflow {
    requires org.tl4j.api;
    requires static com.google.auto.service;
}
