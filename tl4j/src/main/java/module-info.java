/**
 * The standard set of tl4j in one dependency ({@code org.tl4j:tl4j}): the runtime ({@code org.tl4j.core}, which
 * brings the API {@code org.tl4j.api}; both required transitively), the standard backbones and the tensorflow
 * backend. The backbones and backends are not required: the module system binds them as providers of the services
 * {@code org.tl4j.core} uses, as it binds a plugin. Add {@code org.tl4j:tl-backend-djl} for the djl backend.
 */
module org.tl4j {
    requires transitive org.tl4j.core;
}
