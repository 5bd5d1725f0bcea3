package io.roller.server.core;

/**
 * An error a request can end in, named by what went wrong rather than by HTTP status; the http
 * package maps each kind to a status once.
 */
public final class DomainException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** Unknown host, hostclass, colo, package or revision: 404. */
    NOT_FOUND,
    /** A malformed name or parameter: 400. */
    BAD_REQUEST,
    /** A repo file or an upload that does not validate: 422. */
    INVALID,
    /** An upload whose version exists with other bytes: 409. */
    CONFLICT,
    /** A missing or wrong bearer token: 401. */
    UNAUTHORIZED,
    /** Uploads are off (no token file): 403. */
    FORBIDDEN,
    /** An upload or archive over the size limit: 413. */
    TOO_LARGE,
    /** A byte range outside the file, or with numbers no file reaches: 416. */
    RANGE_NOT_SATISFIABLE,
    /** A backend (S3, the git remote) cannot be reached: 503. */
    UNAVAILABLE
  }

  private final Kind kind;

  public DomainException(Kind kind, String detail) {
    super(detail);
    this.kind = kind;
  }

  public DomainException(Kind kind, String detail, Throwable cause) {
    super(detail, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static DomainException notFound(String detail) {
    return new DomainException(Kind.NOT_FOUND, detail);
  }

  public static DomainException badRequest(String detail) {
    return new DomainException(Kind.BAD_REQUEST, detail);
  }
}
