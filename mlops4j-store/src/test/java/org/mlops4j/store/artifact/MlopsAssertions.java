package org.mlops4j.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.ThrowingConsumer;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;

/** AssertJ checks on thrown MlopsExceptions. */
final class MlopsAssertions {
    private MlopsAssertions() {
    }

    /** What was thrown is an MlopsException with this code; its message shows when it is not. */
    static ThrowingConsumer<Throwable> hasCode(ErrorCode code) {
        return thrown -> assertThat(thrown).isInstanceOfSatisfying(MlopsException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
