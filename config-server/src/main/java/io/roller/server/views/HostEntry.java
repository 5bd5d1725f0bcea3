package io.roller.server.views;

import io.roller.model.HostUsers;

/**
 * What one commit has computed for one host, each part null until first asked for: the resolved
 * view without the catalog, its last catalog-stamped answer, the users view, and the http layer's
 * rendered bodies (opaque here: views do not know http's types). Replaced whole, part by part, so a
 * reader sees the parts of one moment.
 */
record HostEntry(
    Resolution.Base base, Resolution.Stamped stamped, HostUsers users, Object rendered) {
  static final HostEntry NONE = new HostEntry(null, null, null, null);

  HostEntry withBase(Resolution.Base b) {
    return base != null ? this : new HostEntry(b, stamped, users, rendered);
  }

  HostEntry withStamped(Resolution.Stamped s) {
    return new HostEntry(base, s, users, rendered);
  }

  HostEntry withUsers(HostUsers u) {
    return users != null ? this : new HostEntry(base, stamped, u, rendered);
  }

  HostEntry withRendered(Object r) {
    return new HostEntry(base, stamped, users, r);
  }
}
