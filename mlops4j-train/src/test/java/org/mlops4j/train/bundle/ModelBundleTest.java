package org.mlops4j.train.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Json;
import org.mlops4j.store.artifact.ArtifactPath;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.train.RunRecorder;
import org.mlops4j.train.TestData;
import org.mlops4j.train.TrainConfig;
import org.mlops4j.train.Trainer;
import org.mlops4j.train.TrainingResult;
import org.mlops4j.train.algo.Algorithm;

class ModelBundleTest {
    private static ModelBundle bundle;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        TrainingResult result = new Trainer(RunRecorder.none()).train(TrainConfig.of(
                new TrainConfig.DataSpec("wine", TestData.WINE_RED.toString(), null, "quality", null),
                TrainConfig.AlgorithmSpec.of(Algorithm.XGBOOST, Map.of("num_rounds", 10, "max_depth", 3))));
        bundle = result.bundle();
    }

    @Test
    void writeThenRead_givesTheSameFilesAndDigest() {
        bundle.writeTo(dir.resolve("b"));
        ModelBundle read = ModelBundle.read(dir.resolve("b"));
        assertThat(read.files().keySet()).containsExactly("bundle.json", "input_example.json", "model/model.xgb.json",
                "pipeline.json");
        assertThat(read.digest()).isEqualTo(bundle.digest());
        assertThat(CanonicalJson.bytes(read.descriptor().toJson())).isEqualTo(bundle.file("bundle.json"));
    }

    @Test
    void digest_isTheSha256OfTheSha256sumManifest() throws Exception {
        StringBuilder manifest = new StringBuilder();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (var e : bundle.files().entrySet()) {
            manifest.append(HexFormat.of().formatHex(sha.digest(e.getValue()))).append("  ").append(e.getKey()).append('\n');
        }
        assertThat(bundle.digest()).isEqualTo("sha256:" + HexFormat.of().formatHex(
                sha.digest(manifest.toString().getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void descriptor_isCanonicalJsonWithSignatureAndLineage() throws Exception {
        String text = new String(bundle.file("bundle.json"), StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").doesNotContain("\r");
        var node = Json.mapper().readTree(text);
        assertThat(node.path("format_version").asInt()).isEqualTo(1);
        assertThat(node.path("flavor").asText()).isEqualTo("xgboost");
        assertThat(node.path("task").asText()).isEqualTo("regression");
        assertThat(node.path("signature").path("inputs").get(0).path("name").asText()).isEqualTo("fixed acidity");
        assertThat(node.path("signature").path("outputs").get(0).path("name").asText()).isEqualTo("prediction");
        assertThat(node.path("lineage").path("dataset").path("digest").asText()).hasSize(64);
        assertThat(node.path("lineage").path("params").path("max_depth").asInt()).isEqualTo(3);
        assertThat(node.path("lineage").path("metrics").has("test_rmse")).isTrue();
        assertThat(node.path("lineage").has("run_id")).isFalse();
        assertThat(CanonicalJson.bytes(node)).isEqualTo(bundle.file("bundle.json"));
        var example = Json.mapper().readTree(bundle.file("input_example.json"));
        assertThat(example.path("columns")).hasSize(11);
        assertThat(example.path("data")).hasSize(5);
    }

    @Test
    void read_modifiedModelFile_isRefused() throws Exception {
        bundle.writeTo(dir.resolve("b"));
        Path model = dir.resolve("b/model/model.xgb.json");
        Files.writeString(model, Files.readString(model).replace("\"max_depth\"", "\"max_depth\" "));
        Files.write(model, Files.readAllBytes(model), java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ModelBundle.read(dir.resolve("b")))
                .hasMessageContaining("model/model.xgb.json does not match its SHA-256");
    }

    @Test
    void read_descriptorPointingOutside_isRefused() throws Exception {
        bundle.writeTo(dir.resolve("b"));
        ObjectNode descriptor = (ObjectNode) Json.mapper().readTree(bundle.file("bundle.json"));
        ((ObjectNode) descriptor.path("files")).put("../secret", "00");
        Files.write(dir.resolve("b/bundle.json"), CanonicalJson.bytes(descriptor));
        assertThatThrownBy(() -> ModelBundle.read(dir.resolve("b"))).hasMessageContaining("Invalid artifact path");
    }

    @Test
    void read_newerFormat_isRefusedByVersion() throws Exception {
        bundle.writeTo(dir.resolve("b"));
        ObjectNode descriptor = (ObjectNode) Json.mapper().readTree(bundle.file("bundle.json"));
        descriptor.put("format_version", 2);
        Files.write(dir.resolve("b/bundle.json"), CanonicalJson.bytes(descriptor));
        assertThatThrownBy(() -> ModelBundle.read(dir.resolve("b")))
                .hasMessageContaining("Bundle format 2 is newer than this mlops4j reads (up to 1)");
    }

    @Test
    void writeToArtifactStore_thenRead_roundTrips() {
        try (ArtifactStore store = ArtifactStores.open(dir.resolve("store").toString())) {
            bundle.writeTo(store, ArtifactPath.of("1/run/artifacts/model"));
            ModelBundle read = ModelBundle.read(store, ArtifactPath.of("1/run/artifacts/model"));
            assertThat(read.digest()).isEqualTo(bundle.digest());
        }
    }

    @Test
    void writeTo_nonEmptyDirectory_isRefused() throws Exception {
        Files.createDirectories(dir.resolve("busy"));
        Files.writeString(dir.resolve("busy/other.txt"), "x");
        assertThatThrownBy(() -> bundle.writeTo(dir.resolve("busy"))).hasMessageContaining("not empty");
        try (Stream<Path> files = Files.list(dir.resolve("busy"))) {
            assertThat(files.toList()).hasSize(1);
        }
        assertThat(List.of(bundle.digest())).allMatch(d -> d.startsWith("sha256:"));
    }
}
