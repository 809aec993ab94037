package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;

class TrackingLimitsTest {
    @ParameterizedTest
    @ValueSource(strings = {"loss", "val/auc", "Train Loss: epoch-1.5", "a_b", "Z9", "précision", "损失", "x\u0301"})
    void checkKey_acceptsMlflowNameCharacters(String key) {
        assertThatCode(() -> TrackingLimits.checkKey("metric", key)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a$b", "tab\there", "back\\slash", "semi;colon", "quote'", "new\nline", "euro€", "a+b",
            "naïve!"})
    void checkKey_rejectsOtherCharacters(String key) {
        assertThatThrownBy(() -> TrackingLimits.checkKey("metric", key))
                .isInstanceOfSatisfying(MlopsException.class, e -> org.assertj.core.api.Assertions.assertThat(e.code())
                        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("Invalid metric name");
    }
}
