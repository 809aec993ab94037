package org.mlops4j.data.registry;

/** The version a registration produced, and whether it is new ({@code false}: the content was registered before). */
public record Registration(DatasetVersion version, boolean created) {
}
