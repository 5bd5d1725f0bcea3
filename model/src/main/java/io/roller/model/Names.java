package io.roller.model;

import java.util.regex.Pattern;

/** The naming rules of the contract: package names, versions, hostnames, logins. */
public final class Names {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z._+~]+");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern LOGIN = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  private Names() {}

  /** Package, hostclass, colo and group names: {@code [a-z0-9][a-z0-9._-]*}, at most 128 chars. */
  public static boolean isName(String s) {
    return s != null && s.length() <= 128 && NAME.matcher(s).matches() && !s.contains("..");
  }

  /** Versions: {@code [0-9A-Za-z._+~]+}, at most 128 chars, never "." or "..". */
  public static boolean isVersion(String s) {
    return s != null
        && s.length() <= 128
        && VERSION.matcher(s).matches()
        && !s.equals(".")
        && !s.contains("..");
  }

  /** A DNS hostname: dot-separated lowercase labels, at most 253 chars. */
  public static boolean isHostname(String s) {
    if (s == null || s.isEmpty() || s.length() > 253) {
      return false;
    }
    for (String label : s.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /** A Unix login: {@code [a-z_][a-z0-9_-]{0,31}}. */
  public static boolean isLogin(String s) {
    return s != null && LOGIN.matcher(s).matches();
  }

  /**
   * Orders versions the way people read them: numeric runs compare as numbers, so 9 &lt; 10 and
   * 1.2.9 &lt; 1.2.10.
   */
  public static int compareVersions(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c =
            na.length() != nb.length()
                ? Integer.compare(na.length(), nb.length())
                : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
