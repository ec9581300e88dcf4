/** tl4j module org.tl4j.backbones. */
module org.tl4j.backbones {
    requires org.tl4j.api;
    requires static com.google.auto.service;
}
