package org.mlops4j.core;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advice to the operating system's page cache about files that are written once and then rarely
 * read, such as the payload journal's segments: once their bytes are on disk and read back, their
 * cached pages are only in the way. Kept in the cache, a journal takes a new page for every 4 KB it
 * writes, crowding out what the server does read, and counted against a container's memory. On a
 * virtual machine a page the guest has never used costs several times one it reuses (here: 2 GB
 * written in 3.8 s of CPU into new pages, 0.8 s when its pages were evicted as it went). PostgreSQL
 * and RocksDB give the same advice for their write-ahead logs.
 *
 * <p>The advice is {@code posix_fadvise(POSIX_FADV_DONTNEED)}, called through the Foreign Function
 * API, which is final from Java 22 on: on Java 21, or where the C library lacks it, eviction does
 * nothing and files stay cached as before. Only clean pages go, so call it for bytes already
 * forced to disk. The kernel caches a file in folios of one page up to {@link #LARGEST_FOLIO},
 * each aligned to its size, and evicts only those wholly inside the range: to evict a file as it
 * grows, start each range at the {@link #folioStart} of where the last one ended.
 */
public final class PageCache {
    private static final Logger LOG = LoggerFactory.getLogger(PageCache.class);
    private static final String NATIVE = "org.mlops4j.core.NativePageCache";
    private static final Evictor EVICTOR = load();

    /** The largest folio the page cache uses for a file (x86-64 and arm64 with 4 KB pages: 2 MB). */
    public static final long LARGEST_FOLIO = 2L * 1024 * 1024;

    private PageCache() {
    }

    /** Where the largest folio that could hold byte {@code offset} starts. */
    public static long folioStart(long offset) {
        return offset & -LARGEST_FOLIO;
    }

    /**
     * Evicts {@code file}'s cached folios that lie wholly in bytes {@code [from, to)}; false when
     * nothing was advised.
     */
    public static boolean evict(Path file, long from, long to) {
        if (from < 0 || to <= from) {
            return false;
        }
        return EVICTOR.evict(file.toAbsolutePath().toString(), from, to - from);
    }

    /** Whether {@link #evict} can advise the system on this runtime and platform. */
    public static boolean supported() {
        return EVICTOR != Evictor.NONE;
    }

    /** What does the system call: the native implementation, compiled only by JDKs of 22 and later. */
    interface Evictor {
        Evictor NONE = (file, offset, length) -> false;

        boolean evict(String file, long offset, long length);
    }

    private static Evictor load() {
        if (Runtime.version().feature() < 22 || !System.getProperty("os.name", "").equals("Linux")) {
            return Evictor.NONE;
        }
        try {
            Object evictor = Class.forName(NATIVE).getDeclaredConstructor().newInstance();
            return evictor instanceof Evictor e ? e : Evictor.NONE;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // Built with JDK 21 (no such class), or a C library without posix_fadvise.
            LOG.debug("page cache advice is not available: {}", e.toString());
            return Evictor.NONE;
        }
    }
}
