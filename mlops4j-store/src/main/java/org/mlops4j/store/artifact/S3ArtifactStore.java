package org.mlops4j.store.artifact;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts in an S3 (or S3-compatible) bucket under an optional key prefix. Directories are key
 * prefixes ending in '/'. Every transfer streams: uploads of unknown length go up as multipart
 * uploads one 8 MiB part at a time, so memory use does not grow with the artifact.
 *
 * <p>Multipart uploads keep no state here: the part ETags are read back from S3 when an upload is
 * completed, so an upload can be finished by another process or after a restart.
 */
public final class S3ArtifactStore implements ArtifactStore {
    /** Part size for uploads of unknown length: above S3's 5 MiB minimum, and one buffer per upload. */
    static final int PART_SIZE = 8 * 1024 * 1024;
    private static final int MAX_PART_NUMBER = 10_000;

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    /** {@code prefix} may be empty; otherwise keys are {@code prefix + "/" + path}. The store owns the client. */
    public S3ArtifactStore(S3Client client, String bucket, String prefix) {
        if (bucket == null || bucket.isBlank()) {
            throw MlopsException.invalidParameter("An S3 artifact store needs a bucket name");
        }
        this.client = client;
        this.bucket = bucket;
        this.prefix = normalizePrefix(prefix);
    }

    /**
     * Opens {@code s3://bucket/optional/prefix}. The endpoint comes from {@code MLOPS4J_S3_ENDPOINT_URL}
     * or MLflow's {@code MLFLOW_S3_ENDPOINT_URL} (else AWS), the region from {@code AWS_REGION} or
     * {@code AWS_DEFAULT_REGION} (else us-east-1), and credentials from the SDK's default chain.
     */
    public static ArtifactStore fromUri(URI uri) {
        return fromUri(uri, System.getenv(), DefaultCredentialsProvider.builder().build());
    }

    /** {@link #fromUri(URI)} with the environment and credentials given, so that tests need not set env vars. */
    static S3ArtifactStore fromUri(URI uri, Map<String, String> env, AwsCredentialsProvider credentials) {
        String bucket = uri.getRawAuthority();
        if (!"s3".equals(uri.getScheme()) || bucket == null || bucket.isBlank() || bucket.contains("@")) {
            // The URI itself is not echoed: a malformed one may carry credentials.
            throw MlopsException.invalidParameter("An S3 artifact location must look like s3://bucket/optional/prefix");
        }
        String endpoint = firstSet(env, "MLOPS4J_S3_ENDPOINT_URL", "MLFLOW_S3_ENDPOINT_URL");
        String region = firstSet(env, "AWS_REGION", "AWS_DEFAULT_REGION");
        S3Client client = newClient(endpoint == null ? null : URI.create(endpoint),
                Region.of(region == null ? "us-east-1" : region), credentials);
        return new S3ArtifactStore(client, bucket, uri.getPath());
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** An S3 client on the URL-connection HTTP client; {@code endpoint} is null for AWS itself. */
    static S3Client newClient(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(region)
                .credentialsProvider(credentials);
        if (endpoint != null) {
            // S3-compatible servers (MinIO, Ceph, S3Proxy) rarely serve virtual-host bucket names, and
            // many reject the trailing CRC checksums SDK 2.30+ adds to every upload by default, so
            // send checksums only where S3 demands them (DeleteObjects still carries a CRC32 header).
            builder.endpointOverride(endpoint)
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    private static String normalizePrefix(String prefix) {
        String stripped = prefix == null ? "" : prefix.replaceFirst("^/+", "");
        return ArtifactPath.of(stripped).toString();
    }

    @Override
    public String rootUri() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private String key(ArtifactPath path) {
        if (prefix.isEmpty()) {
            return path.toString();
        }
        return path.isRoot() ? prefix : prefix + "/" + path;
    }

    /** The key prefix of everything inside a directory: "" for the root of an unprefixed store. */
    private String directoryPrefix(ArtifactPath directory) {
        String key = key(directory);
        return key.isEmpty() ? "" : key + "/";
    }

    @Override
    public void put(ArtifactPath path, InputStream content, long length) {
        if (path.isRoot()) {
            throw MlopsException.invalidParameter("An artifact upload needs a file path, not the root");
        }
        String key = key(path);
        try {
            if (length >= 0) {
                client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromInputStream(content, length));
            } else {
                putUnknownLength(key, content);
            }
        } catch (S3Exception e) {
            throw translate(e, "Artifact '%s' cannot be written".formatted(path));
        }
    }

    /**
     * S3 needs every request's length up front. A stream that fits in one part is sent as a plain
     * object; a longer one becomes a multipart upload, so only one part is ever held in memory. The
     * object appears only when the upload completes, so a failure leaves the old content in place.
     */
    private void putUnknownLength(String key, InputStream content) {
        byte[] buffer = new byte[PART_SIZE];
        int filled = readPart(content, buffer);
        if (filled < PART_SIZE) {
            client.putObject(b -> b.bucket(bucket).key(key), bufferBody(buffer, filled));
            return;
        }
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (int partNumber = 1; filled > 0; partNumber++) {
                int number = partNumber;
                String eTag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        bufferBody(buffer, filled)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
                filled = readPart(content, buffer);
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            abortQuietly(key, uploadId, e);
            throw e;
        }
    }

    private static int readPart(InputStream content, byte[] buffer) {
        try {
            return content.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the artifact being uploaded", e);
        }
    }

    /** A body over the buffer without copying it; each retry of the request reads it afresh. */
    private static RequestBody bufferBody(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }

    private void abortQuietly(String key, String uploadId, RuntimeException failure) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException abortFailure) {
            // The upload's own failure matters more; S3 lifecycle rules can reap the orphaned parts.
            failure.addSuppressed(abortFailure);
        }
    }

    @Override
    public InputStream open(ArtifactPath path) {
        if (path.isRoot()) {
            throw MlopsException.notFound("The artifact root is a directory, not a file");
        }
        try {
            return client.getObject(b -> b.bucket(bucket).key(key(path)));
        } catch (S3Exception e) {
            throw translate(e, "Artifact '%s' does not exist".formatted(path));
        }
    }

    @Override
    public long size(ArtifactPath path) {
        if (path.isRoot() && prefix.isEmpty()) {
            return -1;
        }
        try {
            return client.headObject(b -> b.bucket(bucket).key(key(path))).contentLength();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return -1;
            }
            throw e;
        }
    }

    @Override
    public List<ArtifactEntry> list(ArtifactPath directory) {
        String dirPrefix = directoryPrefix(directory);
        // Keyed by name: sorted, and a directory reported both ways by a server appears once.
        Map<String, ArtifactEntry> entries = new TreeMap<>();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(
                    b -> b.bucket(bucket).prefix(dirPrefix).delimiter("/"))) {
                addChildren(page, dirPrefix, entries);
            }
        } catch (S3Exception e) {
            throw translate(e, "Artifact directory '%s' cannot be listed".formatted(directory));
        }
        return List.copyOf(entries.values());
    }

    private static void addChildren(ListObjectsV2Response page, String dirPrefix, Map<String, ArtifactEntry> entries) {
        for (CommonPrefix common : page.commonPrefixes()) {
            addDirectory(common.prefix().substring(dirPrefix.length()), entries);
        }
        for (S3Object object : page.contents()) {
            String name = object.key().substring(dirPrefix.length());
            if (name.isEmpty()) {
                continue; // the listed directory's own "folder" marker object, which some tools create
            }
            if (name.endsWith("/")) {
                // A child's folder marker: some S3-compatible servers list it as an object, not a prefix.
                addDirectory(name, entries);
            } else {
                entries.put(name, new ArtifactEntry(name, false, object.size()));
            }
        }
    }

    /** Adds the child directory whose key, relative to the listed one, is {@code relativePrefix} ("name/"). */
    private static void addDirectory(String relativePrefix, Map<String, ArtifactEntry> entries) {
        String name = relativePrefix.substring(0, relativePrefix.length() - 1);
        if (!name.isEmpty()) {
            entries.putIfAbsent(name, new ArtifactEntry(name, true, 0));
        }
    }

    @Override
    public void delete(ArtifactPath path) {
        if (path.isRoot()) {
            throw MlopsException.invalidParameter("Refusing to delete the artifact root");
        }
        String key = key(path);
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
            deleteEverythingUnder(key + "/");
        } catch (S3Exception e) {
            throw translate(e, "Artifact '%s' cannot be deleted".formatted(path));
        }
    }

    /** A listing page holds at most 1000 keys, which is also the most one DeleteObjects call accepts. */
    private void deleteEverythingUnder(String keyPrefix) {
        for (ListObjectsV2Response page : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix))) {
            if (page.contents().isEmpty()) {
                continue;
            }
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(object -> ObjectIdentifier.builder().key(object.key()).build())
                    .toList();
            DeleteObjectsResponse response = client.deleteObjects(
                    b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
            if (!response.errors().isEmpty()) {
                S3Error first = response.errors().get(0);
                throw new MlopsException(ErrorCode.INTERNAL_ERROR, "Could not delete %d objects under s3://%s/%s, "
                        .formatted(response.errors().size(), bucket, keyPrefix)
                        + "e.g. '%s': %s".formatted(first.key(), first.message()));
            }
        }
    }

    @Override
    public String startMultipart(ArtifactPath path) {
        if (path.isRoot()) {
            throw MlopsException.invalidParameter("A multipart upload needs a file path, not the root");
        }
        try {
            return client.createMultipartUpload(b -> b.bucket(bucket).key(key(path))).uploadId();
        } catch (S3Exception e) {
            throw translate(e, "Artifact '%s' cannot be written".formatted(path));
        }
    }

    @Override
    public String putPart(ArtifactPath path, String uploadId, int partNumber, InputStream content, long length) {
        if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
            throw MlopsException.invalidParameter("Part number must be between 1 and %d, got %d", MAX_PART_NUMBER,
                    partNumber);
        }
        if (length >= 0) {
            return uploadPart(path, uploadId, partNumber, RequestBody.fromInputStream(content, length));
        }
        // S3 needs the part's length before its bytes; a part can be up to 5 GiB, so spool it to disk.
        Path spool = spool(content);
        try {
            return uploadPart(path, uploadId, partNumber, RequestBody.fromFile(spool));
        } finally {
            deleteQuietly(spool);
        }
    }

    private String uploadPart(ArtifactPath path, String uploadId, int partNumber, RequestBody body) {
        try {
            return client.uploadPart(b -> b.bucket(bucket).key(key(path)).uploadId(uploadId).partNumber(partNumber),
                    body).eTag();
        } catch (S3Exception e) {
            throw translate(e, noSuchUpload(path, uploadId));
        }
    }

    private static Path spool(InputStream content) {
        Path spool = null;
        try {
            spool = Files.createTempFile("mlops4j-part-", ".tmp");
            Files.copy(content, spool, StandardCopyOption.REPLACE_EXISTING);
            return spool;
        } catch (IOException e) {
            deleteQuietly(spool);
            throw new UncheckedIOException("cannot spool an upload part", e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover temp file is harmless and lives in the system temp directory.
        }
    }

    @Override
    public void completeMultipart(ArtifactPath path, String uploadId, List<Integer> partNumbers) {
        if (partNumbers.isEmpty()) {
            throw MlopsException.invalidParameter("A multipart upload needs at least one part");
        }
        String key = key(path);
        try {
            Map<Integer, String> eTags = uploadedParts(key, uploadId);
            if (eTags.isEmpty()) {
                // S3 answers NoSuchUpload for an unknown id, but some compatible servers list no parts.
                throw MlopsException.notFound("No multipart upload '%s' with parts for artifact '%s'", uploadId, path);
            }
            List<CompletedPart> parts = new ArrayList<>();
            for (int partNumber : partNumbers.stream().sorted().distinct().toList()) {
                String eTag = eTags.get(partNumber);
                if (eTag == null) {
                    throw MlopsException.invalidParameter("Part %d of upload '%s' was never uploaded",
                            partNumber, uploadId);
                }
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (S3Exception e) {
            throw translate(e, noSuchUpload(path, uploadId));
        }
    }

    /** Part number to ETag, as S3 recorded them: nothing is kept in memory between calls. */
    private Map<Integer, String> uploadedParts(String key, String uploadId) {
        Map<Integer, String> eTags = new HashMap<>();
        client.listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(uploadId))
                .forEach(page -> {
                    for (Part part : page.parts()) {
                        eTags.put(part.partNumber(), part.eTag());
                    }
                });
        return eTags;
    }

    @Override
    public void abortMultipart(ArtifactPath path, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key(path)).uploadId(uploadId));
        } catch (S3Exception e) {
            throw translate(e, noSuchUpload(path, uploadId));
        }
    }

    private static String noSuchUpload(ArtifactPath path, String uploadId) {
        return "No multipart upload '%s' for artifact '%s'".formatted(uploadId, path);
    }

    /**
     * Turns the S3 errors a caller can act on into MlopsExceptions; anything else (bad credentials,
     * an unreachable endpoint) is a server problem and stays an SDK exception.
     */
    private RuntimeException translate(S3Exception e, String notFoundMessage) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if ("NoSuchBucket".equals(code)) {
            return new MlopsException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "S3 bucket '%s' does not exist".formatted(bucket), e);
        }
        if ("NoSuchKey".equals(code) || "NoSuchUpload".equals(code) || e.statusCode() == 404) {
            return new MlopsException(ErrorCode.RESOURCE_DOES_NOT_EXIST, notFoundMessage, e);
        }
        if ("InvalidPart".equals(code) || "InvalidPartOrder".equals(code) || "EntityTooSmall".equals(code)) {
            return new MlopsException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "S3 rejected the multipart upload: " + e.awsErrorDetails().errorMessage(), e);
        }
        return e;
    }

    @Override
    public void close() {
        client.close();
    }
}
