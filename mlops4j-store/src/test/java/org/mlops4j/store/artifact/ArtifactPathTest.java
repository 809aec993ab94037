package org.mlops4j.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.store.artifact.MlopsAssertions.hasCode;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlops4j.core.ErrorCode;

class ArtifactPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/..", "a/../b", "./a", "a/./b", "/etc/passwd", "C:\\x", "c:/x", "a\\b",
            "~/x", "%2e%2e/x", "%2E%2E/x", "..%2fx", "a%2Fb", "a%5cb", "%252e", "%252e%252e/x", "a//b", "//a", "a/b//",
            "a\u0000b", "a\nb", "a\rb", "a\tb", "a\u007fb"})
    void of_unsafePath_isRejectedAsInvalidParameter(String raw) {
        assertThatThrownBy(() -> ArtifactPath.of(raw)).satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void of_controlCharacter_isNotEchoedInTheMessage() {
        assertThatThrownBy(() -> ArtifactPath.of("a\u0000b\nc"))
                .hasMessageContaining("a?b?c")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000", "\n"));
    }

    @Test
    void of_nestedFile_keepsItsSegments() {
        assertThat(ArtifactPath.of("a/b.txt").segments()).containsExactly("a", "b.txt");
        assertThat(ArtifactPath.of("model/MLmodel").toString()).isEqualTo("model/MLmodel");
        assertThat(ArtifactPath.of("model/MLmodel").name()).isEqualTo("MLmodel");
    }

    @Test
    void of_trailingSlash_isIgnored() {
        assertThat(ArtifactPath.of("model/")).isEqualTo(ArtifactPath.of("model"));
    }

    @Test
    void of_dotsInsideNames_areAccepted() {
        assertThat(ArtifactPath.of("a..b/.hidden/v1.2..3").segments()).containsExactly("a..b", ".hidden", "v1.2..3");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void of_nullOrEmpty_isTheRoot(String raw) {
        ArtifactPath path = ArtifactPath.of(raw);

        assertThat(path).isSameAs(ArtifactPath.root());
        assertThat(path.isRoot()).isTrue();
        assertThat(path.segments()).isEmpty();
        assertThat(path.name()).isEmpty();
    }

    @Test
    void resolve_rawChild_isCheckedAndAppended() {
        ArtifactPath model = ArtifactPath.of("model");

        assertThat(model.resolve("data/x.bin").segments()).isEqualTo(List.of("model", "data", "x.bin"));
        assertThatThrownBy(() -> model.resolve("../escape")).satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
    }
}
