/**
 * The dataset registry: a named dataset gets versions identified by the SHA-256 digest of their
 * content (registering the same content twice yields the same version), each with its statistics
 * and a schema that people may revise; lineage records which runs used which version.
 * {@link org.mlops4j.data.registry.DatasetRegistry} is the service, {@link
 * org.mlops4j.data.registry.DatasetStore} its storage (JDBC on SQLite or PostgreSQL, migrations in
 * {@code db/data/<dialect>/}).
 */
package org.mlops4j.data.registry;
