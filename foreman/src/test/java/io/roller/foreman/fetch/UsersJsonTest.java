package io.roller.foreman.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.HostUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsersJsonTest {
  private static HostUsers parse(String json) throws IOException {
    return UsersJson.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheWireRecordAndSkipsFieldsItDoesNotKnow() throws IOException {
    HostUsers u =
        parse(
            """
        {"hostname": "web01.nyc1", "revision": "abc", "future": {"x": [1, 2]},
         "users": [{"login": "jane", "uid": 2001, "comment": "Jane", "shell": "/bin/bash", "groups": ["ops"],
                    "ssh_keys": ["ssh-ed25519 AAAA j@l"], "extra": null,
                    "dotfiles": [{"path": ".bashrc", "mode": "0644", "content_base64": "eA==", "new": true}]}],
         "skipped": [{"file": "users/bob.yml", "line": 3, "error": "bad shell"}]}""");
    assertEquals(
        new HostUsers(
            "web01.nyc1",
            "abc",
            List.of(
                new HostUsers.Account(
                    "jane",
                    2001,
                    "Jane",
                    "/bin/bash",
                    List.of("ops"),
                    List.of("ssh-ed25519 AAAA j@l"),
                    List.of(new HostUsers.Dotfile(".bashrc", "0644", "eA==")))),
            List.of(new HostUsers.Skipped("users/bob.yml", 3, "bad shell"))),
        u);
  }

  @Test
  void hostileTextArrivesVerbatimForThePlannerToRefuse() throws IOException {
    HostUsers u =
        parse("{\"users\": [{\"login\": \"evil\\nroot\", \"uid\": 0, \"ssh_keys\": [\"a\\nb\"]}]}");
    assertEquals("evil\nroot", u.users().get(0).login());
    assertEquals(List.of("a\nb"), u.users().get(0).sshKeys());
    assertEquals(List.of(), u.users().get(0).groups());
  }

  @Test
  void aBodyThatIsNotAUsersViewIsRejected() {
    for (String bad :
        List.of(
            "",
            "[]",
            "{\"hostname\": \"h\"}",
            "{\"users\": [{\"uid\": \"2001\"}]}",
            "{\"users\": [{\"login\": \"jane\"",
            "<html>502 Bad Gateway</html>")) {
      IOException e = assertThrows(IOException.class, () -> parse(bad), bad);
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), bad);
    }
  }
}
