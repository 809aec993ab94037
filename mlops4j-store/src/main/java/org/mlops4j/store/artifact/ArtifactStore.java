package org.mlops4j.store.artifact;

import java.io.InputStream;
import java.util.List;

/**
 * Artifact bytes under one root. Every path is relative to the root and checked by
 * {@link ArtifactPath#of(String)}: nothing may escape the root.
 *
 * <p>Implementations stream: no method holds a whole artifact in memory. Writes are atomic: a
 * reader sees the old content or the new, never a partial file. Thread-safe.
 */
public interface ArtifactStore extends AutoCloseable {

    /** Writes {@code content} to {@code path}, replacing what was there. {@code length} is -1 when unknown. */
    void put(ArtifactPath path, InputStream content, long length);

    /** Opens a file for reading. Throws RESOURCE_DOES_NOT_EXIST when there is no such file. */
    InputStream open(ArtifactPath path);

    /** Size in bytes of a file, or -1 when no file is there. */
    long size(ArtifactPath path);

    /** Direct children of a directory, sorted by name; empty when the directory does not exist. */
    List<ArtifactEntry> list(ArtifactPath directory);

    /** Deletes a file or a whole directory. Deleting what does not exist is not an error. */
    void delete(ArtifactPath path);

    /** Starts a multipart upload to {@code path}; returns its id. */
    String startMultipart(ArtifactPath path);

    /** Stores one part (numbered from 1) of a multipart upload; returns its ETag. */
    String putPart(ArtifactPath path, String uploadId, int partNumber, InputStream content, long length);

    /** Joins the parts, in part-number order, into the file at {@code path}. */
    void completeMultipart(ArtifactPath path, String uploadId, List<Integer> partNumbers);

    /** Abandons a multipart upload and frees its parts. */
    void abortMultipart(ArtifactPath path, String uploadId);

    /** A URI naming the root, for display (e.g. {@code file:///...} or {@code s3://bucket/prefix}). */
    String rootUri();

    @Override
    default void close() {
    }
}
