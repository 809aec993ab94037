package org.mlops4j.serving.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.serving.ThresholdModel;
import org.mlops4j.serving.route.EndpointConfig;
import org.mlops4j.serving.route.EndpointService;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;

class ApiKeyServiceTest {
    @TempDir
    Path dir;

    @Test
    void keys_areStoredHashed_checkedPerEndpoint_rateLimited_andRevocable() {
        try (Database db = Database.open(TestDatabases.newSqliteUri(dir))) {
            EndpointService endpoints = new EndpointService(db, ThresholdModel.loader(), Clock.systemUTC());
            endpoints.deploy("credit", EndpointConfig.serving("test:/credit/1000"), "ana");
            endpoints.deploy("other", EndpointConfig.serving("test:/other/1000"), "ana");
            ApiKeyService keys = new ApiKeyService(db, Clock.systemUTC());
            assertThat(keys.required("credit")).isFalse();

            IssuedKey issued = keys.create("credit", "batch scoring job", 5);
            assertThat(keys.required("credit")).isTrue();
            assertThat(issued.secret()).startsWith("mk_").hasSizeGreaterThan(40);
            String stored = db.read(h -> h.createQuery("SELECT key_hash FROM api_keys").mapTo(String.class).one());
            assertThat(stored).isEqualTo(ApiKeyService.hash(issued.secret())).doesNotContain(issued.secret());

            assertThat(keys.authorize("credit", issued.secret()).id()).isEqualTo(issued.key().id());
            assertThat(code(() -> keys.authorize("other", issued.secret()))).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(code(() -> keys.authorize("credit", "mk_wrong"))).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(code(() -> keys.authorize("credit", null))).isEqualTo(ErrorCode.UNAUTHENTICATED);

            ApiKeyService.RateLimited limited = null;
            for (int i = 0; i < 20 && limited == null; i++) {
                try {
                    keys.authorize("credit", issued.secret());
                } catch (ApiKeyService.RateLimited e) {
                    limited = e;
                }
            }
            assertThat(limited).isNotNull();
            assertThat(limited.code()).isEqualTo(ErrorCode.REQUEST_LIMIT_EXCEEDED);
            assertThat(limited.retryAfterSeconds()).isEqualTo(1);

            keys.revoke("credit", issued.key().id());
            assertThat(code(() -> keys.authorize("credit", issued.secret()))).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(keys.list("credit")).singleElement().satisfies(k -> assertThat(k.active()).isFalse());
            assertThatThrownBy(() -> keys.revoke("credit", issued.key().id())).isInstanceOf(MlopsException.class);
            assertThat(keys.required("credit")).isTrue(); // revoking the last key never opens the endpoint
        }
    }

    private static ErrorCode code(Runnable action) {
        try {
            action.run();
        } catch (MlopsException e) {
            return e.code();
        }
        return null;
    }
}
