package org.mlops4j.serving.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadSchemasTest {
    @TempDir
    Path journal;

    @Test
    void aSchema_isAFileNamedByItsContent_readByAnyLaterInstance() throws IOException {
        List<String> names = List.of("Age", "Purpose \"q\"", "caf\u00e9");
        String id = new PayloadSchemas(journal).register(names);

        assertThat(id).matches("[0-9a-f]{16}");
        Path file = journal.resolve("schemas").resolve(id + ".json");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("[\"Age\",\"Purpose \\\"q\\\"\",\"caf\u00e9\"]");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file); // no temporary file left behind
        }
        assertThat(new PayloadSchemas(journal).names(id)).isEqualTo(names);
        assertThat(new PayloadSchemas(journal).register(List.of("Age", "Purpose \"q\"", "caf\u00e9"))).isEqualTo(id);
        assertThat(new PayloadSchemas(journal).register(List.of("Purpose \"q\"", "Age", "caf\u00e9"))).as("order matters")
                .isNotEqualTo(id);
    }

    @Test
    void anIdThatIsNotOne_orHasNoSchema_isRefused_withoutLookingOutsideTheDirectory() throws IOException {
        PayloadSchemas schemas = new PayloadSchemas(journal);
        Files.writeString(journal.resolve("secret.json"), "[\"x\"]");
        assertThatThrownBy(() -> schemas.names("../secret")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a payload schema id");
        assertThatThrownBy(() -> schemas.names(null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> schemas.names("0123456789abcdef")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is missing");
    }

    @Test
    void aSchemaFileChangedByHand_isRefusedByReaders_andWrittenAgainByTheNextRegistration() throws IOException {
        String id = new PayloadSchemas(journal).register(List.of("Age", "Loan"));
        Path file = journal.resolve("schemas").resolve(id + ".json");
        Files.writeString(file, "[\"Loan\",\"Age\"]");
        assertThatThrownBy(() -> new PayloadSchemas(journal).names(id)).isInstanceOf(UncheckedIOException.class)
                .rootCause().hasMessageContaining("does not hold the names of its id");
        Files.writeString(file, "[\"Lo");
        assertThatThrownBy(() -> new PayloadSchemas(journal).names(id)).isInstanceOf(UncheckedIOException.class);

        assertThat(new PayloadSchemas(journal).register(List.of("Age", "Loan"))).isEqualTo(id); // scoring goes on
        assertThat(new PayloadSchemas(journal).names(id)).containsExactly("Age", "Loan");
    }

    @Test
    void aMissingSchema_isRememberedAsMissing_untilThisInstanceRegistersIt() throws IOException {
        PayloadSchemas reader = new PayloadSchemas(journal);
        String id = new PayloadSchemas(journal.resolve("probe")).register(List.of("Age"));
        assertThatThrownBy(() -> reader.names(id)).hasMessageContaining("is missing");
        new PayloadSchemas(journal).register(List.of("Age"));
        assertThatThrownBy(() -> reader.names(id)).as("not looked for again at once").hasMessageContaining("is missing");
        assertThat(reader.register(List.of("Age"))).isEqualTo(id);
        assertThat(reader.names(id)).containsExactly("Age");
    }

    @Test
    void aTemporaryFileLeftByACrash_doesNotStopTheSchemaBeingWritten() throws IOException {
        List<String> names = List.of("Age");
        String id = new PayloadSchemas(journal.resolve("probe")).register(names);
        Path directory = Files.createDirectories(journal.resolve("schemas"));
        Files.writeString(directory.resolve(id + ".json.tmp"), "[\"Ag");
        assertThat(new PayloadSchemas(journal).register(names)).isEqualTo(id);
        assertThat(new PayloadSchemas(journal).names(id)).isEqualTo(names);
        assertThat(directory.resolve(id + ".json.tmp")).doesNotExist();
    }
}
