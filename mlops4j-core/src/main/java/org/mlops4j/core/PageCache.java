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
 * written in 3.9-4.7 s of CPU into new pages, 0.8 s when its pages were evicted as it went).
 * RocksDB gives the same advice for the files it writes, PostgreSQL for write-ahead log it does
 * not archive.
 *
 * <p>The advice is {@code posix_fadvise(POSIX_FADV_DONTNEED)}, called through the Foreign Function
 * API, which is final from Java 22 on: on Java 21, or where the C library lacks it, eviction does
 * nothing and files stay cached as before. Only clean pages go, so call it for bytes already
 * forced to disk. The kernel evicts only the pages (folios of one page or more) wholly inside the
 * range, except that a range reaching the end of the file takes its last, partial page too: a
 * writer still appending to the file would then read that page back, so end such ranges at a page
 * boundary ({@link #pageStart}).
 */
public final class PageCache {
    private static final Logger LOG = LoggerFactory.getLogger(PageCache.class);
    private static final String NATIVE = "org.mlops4j.core.NativePageCache";
    /** The smallest page size of the systems the JDK runs on. */
    private static final long PAGE = 4096;
    private static volatile Evictor evictor = load();

    private PageCache() {
    }

    /** The start of the 4 KB page holding byte {@code offset}. */
    public static long pageStart(long offset) {
        return offset & -PAGE;
    }

    /**
     * Evicts {@code file}'s cached pages that lie wholly in bytes {@code [from, to)}; false when
     * nothing was advised. Never throws: advice that cannot be given is not given.
     */
    public static boolean evict(Path file, long from, long to) {
        if (from < 0 || to <= from) {
            return false;
        }
        Evictor current = evictor;
        try {
            return current.evict(file.toAbsolutePath().toString(), from, to - from);
        } catch (LinkageError | RuntimeException e) { // e.g. a stale NativePageCache from an incremental build
            evictor = Evictor.NONE;
            LOG.warn("page cache advice failed and is turned off; files stay cached", e);
            return false;
        }
    }

    /** Puts {@code replacement} in the native implementation's place and returns it; for tests. */
    static Evictor replace(Evictor replacement) {
        Evictor previous = evictor;
        evictor = replacement;
        return previous;
    }

    /** Whether {@link #evict} can advise the system on this runtime and platform. */
    public static boolean supported() {
        return evictor != Evictor.NONE;
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
            Object loaded = Class.forName(NATIVE).getDeclaredConstructor().newInstance();
            return loaded instanceof Evictor e ? e : Evictor.NONE;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // Built by a JDK 21 (no such class), or a C library without posix_fadvise.
            LOG.info("page cache advice is not available ({}); payload journal pages stay cached", e.toString());
            return Evictor.NONE;
        }
    }
}
