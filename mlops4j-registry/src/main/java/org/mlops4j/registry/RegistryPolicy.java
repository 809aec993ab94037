package org.mlops4j.registry;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Governance rules. A protected alias or stage only moves to a version approved for its
 * environment; only approvers decide, and (with {@code fourEyes}) never on their own requests.
 */
public record RegistryPolicy(Map<String, String> protectedAliases, Map<ModelStage, String> protectedStages,
                             Set<String> approvers, boolean fourEyes) {

    /** champion and Production need a "prod" approval; the user "admin" approves. */
    public static final RegistryPolicy DEFAULT = new RegistryPolicy(Map.of("champion", "prod"),
            Map.of(ModelStage.PRODUCTION, "prod"), Set.of("admin"), true);

    public RegistryPolicy {
        protectedAliases = Map.copyOf(protectedAliases);
        protectedStages = Map.copyOf(protectedStages);
        approvers = Set.copyOf(approvers);
    }

    public Optional<String> environmentForAlias(String alias) {
        return Optional.ofNullable(protectedAliases.get(alias));
    }

    public Optional<String> environmentForStage(ModelStage stage) {
        return Optional.ofNullable(protectedStages.get(stage));
    }

    /**
     * Parses settings: aliases as {@code champion=prod,shadow=preprod}, stages as
     * {@code Production=prod}, approvers as {@code alice,bob}.
     */
    public static RegistryPolicy parse(String aliases, String stages, String approvers, boolean fourEyes) {
        Map<String, String> aliasMap = pairs(aliases);
        Map<ModelStage, String> stageMap = new java.util.EnumMap<>(ModelStage.class);
        pairs(stages).forEach((stage, env) -> stageMap.put(ModelStage.parse(stage), env));
        Set<String> approverSet = approvers == null || approvers.isBlank() ? Set.of()
                : Set.copyOf(java.util.Arrays.stream(approvers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        return new RegistryPolicy(aliasMap, stageMap, approverSet, fourEyes);
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return map;
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("expected name=environment pairs separated by commas, got '" + text + "'");
            }
            map.put(parts[0].trim(), parts[1].trim());
        }
        return map;
    }
}
