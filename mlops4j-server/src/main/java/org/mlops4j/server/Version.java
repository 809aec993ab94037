package org.mlops4j.server;

/** The platform version, from the jar manifest (set at packaging), or "dev" when run from classes. */
public final class Version {
    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-dev";
    }
}
