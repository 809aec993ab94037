package org.mlops4j.core;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link PageCache.Evictor} through the C library's {@code open}, {@code posix_fadvise} and
 * {@code close}. Compiled for Java 22 (the Foreign Function API), loaded only there. The advice
 * goes to the file, not to a descriptor: any descriptor of it will do, so the file is opened for
 * reading here rather than taken from a Java channel, which does not expose its own.
 */
final class NativePageCache implements PageCache.Evictor {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000; // the same on every Linux architecture the JDK runs on
    private static final int POSIX_FADV_DONTNEED = "s390x".equals(System.getProperty("os.arch")) ? 6 : 4;

    private final MethodHandle open;
    private final MethodHandle fadvise;
    private final MethodHandle close;

    @SuppressWarnings("restricted")
    NativePageCache() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        // open(path, flags, ...) is variadic; the mode, unused without O_CREAT, is passed as its variadic int.
        open = linker.downcallHandle(libc.find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        fadvise = linker.downcallHandle(libc.find("posix_fadvise").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        close = linker.downcallHandle(libc.find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    @Override
    public boolean evict(String file, long offset, long length) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) open.invokeExact(arena.allocateFrom(file), O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                return false;
            }
            try {
                return (int) fadvise.invokeExact(fd, offset, length, POSIX_FADV_DONTNEED) == 0;
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        } catch (Error e) {
            throw e;
        } catch (Throwable e) { // invokeExact declares Throwable; the calls themselves do not throw
            return false;
        }
    }
}
