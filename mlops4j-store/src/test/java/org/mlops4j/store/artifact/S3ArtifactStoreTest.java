package org.mlops4j.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.store.artifact.MlopsAssertions.hasCode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ErrorCode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The contract, and S3-specific behaviour, against a real S3Proxy server on a loopback port. */
class S3ArtifactStoreTest extends ArtifactStoreContractTest {
    private static final String IDENTITY = "mlops4j-test-identity";
    private static final String CREDENTIAL = "mlops4j-test-credential";
    private static final String BUCKET = "artifacts";
    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL));

    private static S3Proxy proxy;
    private static URI endpoint;
    /** Looks at the bucket directly, beneath the store under test. */
    private static S3Client admin;

    private String prefix;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials(IDENTITY, CREDENTIAL)
                .build(BlobStoreContext.class);
        // Port 0: the system picks a free port, which getPort() reports once started.
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
                // SDK 2.30+ sends x-amz-checksum-crc32 on DeleteObjects whatever the checksum setting;
                // S3Proxy 2.6.0 does not know that header and would refuse the request (501).
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        awaitStarted();
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        admin = S3ArtifactStore.newClient(endpoint, Region.US_EAST_1, CREDENTIALS);
        admin.createBucket(b -> b.bucket(BUCKET));
    }

    private static void awaitStarted() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"STARTED".equals(proxy.getState())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (proxy != null) {
            proxy.stop();
        }
    }

    /** Each test gets its own prefix in the shared bucket, which keeps the tests apart. */
    @Override
    protected ArtifactStore newStore() {
        prefix = "contract/" + UUID.randomUUID();
        return storeAt(BUCKET, prefix);
    }

    private static S3ArtifactStore storeAt(String bucket, String prefix) {
        return new S3ArtifactStore(S3ArtifactStore.newClient(endpoint, Region.US_EAST_1, CREDENTIALS), bucket, prefix);
    }

    @Test
    void rootUri_namesBucketAndPrefix() {
        assertThat(store.rootUri()).isEqualTo("s3://" + BUCKET + "/" + prefix);
    }

    @Test
    void put_storesTheObjectUnderThePrefix() {
        putText("model/MLmodel", "flavors: {}");

        assertThat(keysUnder(BUCKET, prefix)).containsExactly(prefix + "/model/MLmodel");
    }

    @Test
    void emptyPrefix_usesThePathAsTheKey() {
        admin.createBucket(b -> b.bucket("unprefixed"));
        try (ArtifactStore bare = storeAt("unprefixed", "")) {
            bare.put(path("d/a.txt"), text("a"), 1);

            assertThat(bare.rootUri()).isEqualTo("s3://unprefixed");
            assertThat(keysUnder("unprefixed", "")).containsExactly("d/a.txt");
            assertThat(bare.list(ArtifactPath.root())).containsExactly(new ArtifactEntry("d", true, 0));
        }
    }

    @Test
    void prefixWithSurroundingSlashes_isNormalised() {
        try (ArtifactStore slashed = storeAt(BUCKET, "/" + prefix + "/")) {
            assertThat(slashed.rootUri()).isEqualTo("s3://" + BUCKET + "/" + prefix);
        }
    }

    @Test
    void list_folderMarkerObjects_showAsDirectoriesNotFiles() {
        // The S3 console and some tools create an empty object named "dir/" to show a folder.
        admin.putObject(b -> b.bucket(BUCKET).key(prefix + "/dir/"), RequestBody.empty());
        putText("dir/a.txt", "a");

        assertThat(store.list(path("dir"))).containsExactly(new ArtifactEntry("a.txt", false, 1));
        assertThat(store.list(ArtifactPath.root())).containsExactly(new ArtifactEntry("dir", true, 0));
    }

    @Test
    void list_moreThanOnePageOfChildren_returnsThemAll() {
        // S3Proxy, like S3, pages listings at 1000 keys.
        for (int i = 0; i < 1005; i++) {
            putText("many/f%04d".formatted(i), "");
        }

        assertThat(store.list(path("many"))).hasSize(1005).first().isEqualTo(new ArtifactEntry("f0000", false, 0));

        store.delete(path("many"));
        assertThat(keysUnder(BUCKET, prefix)).isEmpty();
    }

    @Test
    void completeMultipart_byAnotherStoreInstance_findsThePartsInS3() {
        ArtifactPath target = path("a.txt");
        String uploadId = store.startMultipart(target);
        store.putPart(target, uploadId, 1, text("from the first process"), 22);

        try (ArtifactStore restarted = storeAt(BUCKET, prefix)) {
            restarted.completeMultipart(target, uploadId, List.of(1));
        }

        assertThat(readText("a.txt")).isEqualTo("from the first process");
    }

    @Test
    void put_unknownLengthStreamFailsAfterAPart_abortsItsMultipartUpload() {
        String uploadId = store.startMultipart(path("probe.bin"));
        assertThat(openUploadIds()).as("S3Proxy lists multipart uploads").contains(uploadId);
        store.abortMultipart(path("probe.bin"), uploadId);

        assertThatThrownBy(() -> store.put(path("a.bin"), failingAfter(9 * MIB), -1))
                .isInstanceOf(RuntimeException.class);

        assertThat(openUploadIds()).isEmpty();
    }

    @Test
    void open_missingBucket_throwsNotFoundNamingTheBucket() {
        try (ArtifactStore missing = storeAt("no-such-bucket", "")) {
            assertThatThrownBy(() -> missing.open(path("a.txt")))
                    .satisfies(hasCode(ErrorCode.RESOURCE_DOES_NOT_EXIST))
                    .hasMessageContaining("no-such-bucket");
        }
    }

    @Test
    void fromUri_mlflowEndpointVariable_reachesThatServer() {
        Map<String, String> env = Map.of("MLFLOW_S3_ENDPOINT_URL", endpoint.toString(), "AWS_REGION", "eu-west-1");

        try (ArtifactStore fromUri = S3ArtifactStore.fromUri(URI.create("s3://" + BUCKET + "/" + prefix + "/run1"), env,
                CREDENTIALS)) {
            fromUri.put(path("a.txt"), text("via uri"), 7);

            assertThat(fromUri.rootUri()).isEqualTo("s3://" + BUCKET + "/" + prefix + "/run1");
        }
        assertThat(readText("run1/a.txt")).isEqualTo("via uri");
    }

    @Test
    void fromUri_mlops4jEndpointVariable_winsOverMlflows() {
        Map<String, String> env = Map.of("MLOPS4J_S3_ENDPOINT_URL", endpoint.toString(),
                "MLFLOW_S3_ENDPOINT_URL", "http://127.0.0.1:9");

        try (ArtifactStore fromUri = S3ArtifactStore.fromUri(URI.create("s3://" + BUCKET + "/" + prefix), env,
                CREDENTIALS)) {
            fromUri.put(path("a.txt"), text("a"), 1);
        }
        assertThat(readText("a.txt")).isEqualTo("a");
    }

    @Test
    void fromUri_withoutBucket_isRejected() {
        assertThatThrownBy(() -> S3ArtifactStore.fromUri(URI.create("s3:///just/a/path"), Map.of(), CREDENTIALS))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void fromUri_withCredentialsInTheUri_isRejectedWithoutEchoingThem() {
        URI withCredentials = URI.create("s3://key:topsecret@bucket/x");

        assertThatThrownBy(() -> S3ArtifactStore.fromUri(withCredentials, Map.of(), CREDENTIALS))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE))
                .message().doesNotContain("topsecret");
    }

    private List<String> openUploadIds() {
        return admin.listMultipartUploads(b -> b.bucket(BUCKET).prefix(prefix + "/")).uploads().stream()
                .map(MultipartUpload::uploadId)
                .toList();
    }

    private static List<String> keysUnder(String bucket, String keyPrefix) {
        return admin.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }
}
