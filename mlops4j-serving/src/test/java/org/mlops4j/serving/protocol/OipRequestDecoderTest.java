package org.mlops4j.serving.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;

/** Open Inference Protocol inputs: one per column, elements that must be single values. */
class OipRequestDecoderTest {
    @Test
    void oneInputPerColumn_becomesColumns() throws Exception {
        RawColumns columns = OipRequestDecoder.decode(Json.mapper().readTree("{\"inputs\":["
                + "{\"name\":\"a\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[1.5,2]},"
                + "{\"name\":\"b\",\"shape\":[2],\"datatype\":\"BYTES\",\"data\":[\"x\",\"y\"]}]}"), List.of("a", "b"));
        assertThat(columns.rowCount()).isEqualTo(2);
        assertThat(columns.column("a")).containsExactly(1.5, 2L);
        assertThat(columns.column("b")).containsExactly("x", "y");
    }

    @Test
    void anElementThatIsAnObject_isABadRequestNamingTheInput() {
        assertThatThrownBy(() -> OipRequestDecoder.decode(Json.mapper().readTree("{\"inputs\":["
                + "{\"name\":\"a\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[1.5,{\"k\":1}]}]}"), List.of("a")))
                .isInstanceOf(MlopsException.class)
                .hasMessage("input 'a': expected a single value, got {\"k\":1}");
    }
}
