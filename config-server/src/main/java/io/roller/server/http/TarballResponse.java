package io.roller.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageStore;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpOutput;

/**
 * Sends one tarball from the local store with ETag (its sha256), If-None-Match, and a single byte
 * Range (If-Range honoured). Javalin's writeSeekableStream caps open ranges at 128 kB chunks and
 * has no suffix ranges nor 416, so ranges are parsed here; the bytes go out as memory-mapped slices
 * that Jetty writes straight to the socket, never a whole file on the heap.
 */
final class TarballResponse {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final long SLICE = 256L * 1024 * 1024;

  private TarballResponse() {}

  /** A package version never changes, so caches may keep it for good. */
  static void serve(Context ctx, PackageStore.Held held, boolean head) throws IOException {
    serve(
        ctx,
        held.file(),
        held.meta().sha256(),
        held.meta().size(),
        "public, max-age=31536000, immutable",
        head);
  }

  static void serve(
      Context ctx, Path file, String sha256, long size, String cacheControl, boolean head)
      throws IOException {
    String etag = "\"" + sha256 + "\"";
    ctx.header(Header.ETAG, etag);
    ctx.header(Header.ACCEPT_RANGES, "bytes");
    ctx.header(Header.CACHE_CONTROL, cacheControl);
    ctx.header(Header.CONTENT_TYPE, "application/gzip");
    if (Responder.matches(ctx.header(Header.IF_NONE_MATCH), etag)) {
      ctx.status(304);
      return;
    }
    long from = 0;
    long to = size - 1;
    String range = ctx.header(Header.RANGE);
    String ifRange = ctx.header(Header.IF_RANGE);
    if (range != null && (ifRange == null || ifRange.equals(etag))) {
      Matcher m = RANGE.matcher(range.trim());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        long first = position(ctx, m.group(1), size);
        long last = position(ctx, m.group(2), size);
        if (first < 0) {
          from = Math.max(0, size - last);
        } else {
          from = first;
          to = last < 0 ? size - 1 : Math.min(size - 1, last);
        }
        if (from >= size || from > to) {
          throw unsatisfiable(ctx, range, size);
        }
        ctx.status(206);
        ctx.header(Header.CONTENT_RANGE, "bytes " + from + "-" + to + "/" + size);
      }
      // several ranges, or another unit: answer with the whole file, as RFC 9110 allows
    }
    HttpServletResponse res = ctx.res();
    res.setContentLengthLong(to - from + 1);
    if (head) {
      return;
    }
    send(res, file, from, to - from + 1);
  }

  /**
   * A range bound, -1 when absent; digits past what a long holds (no file is that big) are a 416,
   * not a NumberFormatException.
   */
  private static long position(Context ctx, String digits, long size) {
    if (digits.isEmpty()) {
      return -1;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw unsatisfiable(ctx, ctx.header(Header.RANGE), size);
    }
  }

  private static DomainException unsatisfiable(Context ctx, String range, long size) {
    ctx.header(Header.CONTENT_RANGE, "bytes */" + size);
    String shown = range.length() > 80 ? range.substring(0, 80) + "..." : range;
    return new DomainException(
        DomainException.Kind.RANGE_NOT_SATISFIABLE,
        "range '"
            + shown.replaceAll("\\p{Cntrl}", "?")
            + "' is outside the "
            + size
            + " bytes of this file");
  }

  private static void send(HttpServletResponse res, Path file, long from, long length)
      throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ServletOutputStream out = res.getOutputStream();
      if (out instanceof HttpOutput jetty) {
        for (long off = 0; off < length; off += SLICE) {
          jetty.write(
              ch.map(FileChannel.MapMode.READ_ONLY, from + off, Math.min(SLICE, length - off)));
        }
      } else {
        ch.position(from);
        InputStream in = Channels.newInputStream(ch);
        byte[] buf = new byte[256 * 1024];
        for (long left = length; left > 0; ) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            break;
          }
          out.write(buf, 0, n);
          left -= n;
        }
      }
    }
  }
}
