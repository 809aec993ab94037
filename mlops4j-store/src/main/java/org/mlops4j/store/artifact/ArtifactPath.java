package org.mlops4j.store.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mlops4j.core.MlopsException;

/**
 * A checked relative artifact path: '/'-separated segments, none of them empty, "." or "..", no
 * absolute path, no backslash, no control character, and no percent-encoded dot, slash or
 * backslash (the HTTP layer decodes once; anything still encoded is an attempt to smuggle one).
 * The empty path names the root.
 */
public final class ArtifactPath {
    private static final ArtifactPath ROOT = new ArtifactPath(List.of());
    private final List<String> segments;

    private ArtifactPath(List<String> segments) {
        this.segments = List.copyOf(segments);
    }

    public static ArtifactPath root() {
        return ROOT;
    }

    /**
     * Parses a user-supplied relative path. Leading and trailing slashes are not allowed to make a
     * path absolute: a leading '/' is rejected, a trailing '/' is ignored.
     *
     * @throws MlopsException INVALID_PARAMETER_VALUE naming the path when it is unsafe
     */
    public static ArtifactPath of(String raw) {
        if (raw == null || raw.isEmpty()) {
            return ROOT;
        }
        if (raw.startsWith("/") || raw.matches("^[A-Za-z]:.*") || raw.startsWith("~")) {
            throw unsafe(raw, "it is absolute");
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%25")) {
            throw unsafe(raw, "it contains an encoded '.', '/', '\\' or '%'");
        }
        List<String> parts = new ArrayList<>();
        String trimmed = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty()) {
                throw unsafe(raw, "it has an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw unsafe(raw, "it contains '" + segment + "'");
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '\\' || c < 0x20 || c == 0x7f) {
                    throw unsafe(raw, "it contains a backslash or control character");
                }
            }
            parts.add(segment);
        }
        return new ArtifactPath(parts);
    }

    private static MlopsException unsafe(String raw, String reason) {
        String shown = raw.length() > 200 ? raw.substring(0, 200) + "..." : raw;
        return MlopsException.invalidParameter("Invalid artifact path '%s': %s. Artifact paths are relative and "
                + "cannot leave their root.", shown.replaceAll("\\p{Cntrl}", "?"), reason);
    }

    public List<String> segments() {
        return segments;
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** This path followed by another (already checked) path. */
    public ArtifactPath resolve(ArtifactPath child) {
        List<String> joined = new ArrayList<>(segments);
        joined.addAll(child.segments);
        return new ArtifactPath(joined);
    }

    /** This path followed by a raw relative path, which is checked. */
    public ArtifactPath resolve(String child) {
        return resolve(of(child));
    }

    /** The last segment, or "" for the root. */
    public String name() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArtifactPath other && other.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
