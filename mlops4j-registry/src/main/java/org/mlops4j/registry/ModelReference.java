package org.mlops4j.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mlops4j.core.MlopsException;

/**
 * A reference to a model version as users write it: {@code models:/name@alias},
 * {@code models:/name/3}, {@code models:/name/latest} or {@code models:/name/Production}.
 */
public record ModelReference(String name, Kind kind, String selector) {

    public enum Kind { VERSION, ALIAS, LATEST, STAGE }

    private static final Pattern ALIAS = Pattern.compile("^models:/([^/@]+)@([\\w\\-]+)$");
    private static final Pattern PATH = Pattern.compile("^models:/([^/@]+)/([^/]+)$");

    public static ModelReference parse(String uri) {
        if (uri == null) {
            throw MlopsException.invalidParameter("Missing model reference");
        }
        Matcher alias = ALIAS.matcher(uri.trim());
        if (alias.matches()) {
            return new ModelReference(alias.group(1), Kind.ALIAS, alias.group(2));
        }
        Matcher path = PATH.matcher(uri.trim());
        if (path.matches()) {
            String selector = path.group(2);
            if (selector.matches("\\d+")) {
                return new ModelReference(path.group(1), Kind.VERSION, selector);
            }
            if (selector.equalsIgnoreCase("latest")) {
                return new ModelReference(path.group(1), Kind.LATEST, selector);
            }
            return new ModelReference(path.group(1), Kind.STAGE, ModelStage.parse(selector).wireName());
        }
        throw MlopsException.invalidParameter("Invalid model reference '%s': use models:/<name>@<alias>, "
                + "models:/<name>/<version>, models:/<name>/latest or models:/<name>/<stage>", uri);
    }
}
