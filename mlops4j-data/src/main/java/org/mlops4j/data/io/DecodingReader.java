package org.mlops4j.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes bytes strictly (malformed or unmappable input is an error naming the line, column and
 * byte offset, never a replacement character), drops a leading byte-order mark, and counts lines
 * (LF, CRLF or CR) so that errors can say where they are. Not thread-safe.
 */
final class DecodingReader extends Reader {
    private final InputStream in;
    private final String file;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
    private long bytesConsumed;
    private long line = 1;
    private long column;
    private boolean lastWasCr;
    private boolean eof;
    private boolean started;
    private boolean insideQuotes;
    private long quoteLine;
    private long quoteColumn;

    DecodingReader(InputStream in, Charset charset, String file) {
        this.in = in;
        this.file = file;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        for (int i = offset; i < offset + n; i++) {
            track(buffer[i]);
        }
        return n;
    }

    private void track(char c) {
        if (c == '"') {
            insideQuotes = !insideQuotes;
            if (insideQuotes) {
                quoteLine = line;
                quoteColumn = column + 1;
            }
        }
        if (c == '\n') {
            if (!lastWasCr) {
                line++;
            }
            column = 0;
        } else if (c == '\r') {
            line++;
            column = 0;
        } else {
            column++;
        }
        lastWasCr = c == '\r';
    }

    private boolean fill() throws IOException {
        chars.clear();
        while (chars.position() == 0) {
            if (eof && !bytes.hasRemaining()) {
                decoder.flush(chars);
                break;
            }
            bytes.compact();
            int read = eof ? -1 : in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (read < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + read);
            }
            bytes.flip();
            int before = bytes.position();
            CoderResult result = decoder.decode(bytes, chars, eof);
            bytesConsumed += bytes.position() - before;
            check(result);
        }
        chars.flip();
        if (!started) {
            started = true;
            if (chars.hasRemaining() && chars.get(chars.position()) == '\uFEFF') {
                chars.get();
            }
        }
        return chars.hasRemaining();
    }

    private void check(CoderResult result) {
        if (result.isError()) {
            // The characters decoded before the bad bytes are still to be read; count them for the position.
            long errorLine = line;
            long errorColumn = column;
            boolean cr = lastWasCr;
            CharBuffer pending = chars.duplicate().flip();
            while (pending.hasRemaining()) {
                char c = pending.get();
                if (c == '\n') {
                    if (!cr) {
                        errorLine++;
                    }
                    errorColumn = 0;
                } else if (c == '\r') {
                    errorLine++;
                    errorColumn = 0;
                } else {
                    errorColumn++;
                }
                cr = c == '\r';
            }
            throw ReadErrors.at(file, errorLine, errorColumn + 1, "invalid %s byte sequence at byte offset %d",
                    decoder.charset().name(), bytesConsumed);
        }
    }

    /**
     * Where a double quote was opened and never closed ({line, column}), or null. RFC 4180 doubles
     * quotes inside quoted fields, so a well-formed file holds an even number of them; an odd number
     * at the end means the file ends inside a quoted field.
     */
    long[] unclosedQuote() {
        return insideQuotes ? new long[] {quoteLine, quoteColumn} : null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
