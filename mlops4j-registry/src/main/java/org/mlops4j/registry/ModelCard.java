package org.mlops4j.registry;

import java.util.List;
import java.util.Map;
import org.mlops4j.tracking.DatasetInput;

/**
 * What a reader needs to know about a model version. The lineage half is derived from the run that
 * produced it; the editable half (intended use, limitations, owner) is written by people.
 */
public record ModelCard(String name, long version, String stage, List<String> aliases, String source,
                        String registeredBy, long registeredAt, String description,
                        Lineage lineage, Editable editable, List<Approval> approvals) {

    public ModelCard {
        aliases = List.copyOf(aliases);
        approvals = List.copyOf(approvals);
    }

    /** Null fields mean "not known" (e.g. a version registered without a run). */
    public record Lineage(String runId, String runName, String experimentId, Map<String, String> params,
                          Map<String, Double> metrics, List<DatasetInput> datasets, String codeCommit,
                          String codeSource) {
    }

    public record Editable(String intendedUse, String limitations, String owner, String updatedBy, Long updatedAt) {
        public static final Editable EMPTY = new Editable(null, null, null, null, null);
    }
}
