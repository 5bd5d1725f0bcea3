package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.model.HostUsers;
import io.roller.server.testing.ServerExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /host/{h}/users: grants by all, hostclass and colo; invalid users skipped, the rest served.
 */
class UsersRouteTest {
  @RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet();
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGphbmVqYW5lamFuZWphbmVqYW5lamFuZWphbmVqYW5l";

  HostUsers users(String host) throws Exception {
    HttpResponse<String> r = fleet.http().getJson("/host/" + host + "/users");
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readValue(r.body(), HostUsers.class);
  }

  static List<String> logins(HostUsers u) {
    return u.users().stream().map(HostUsers.Account::login).collect(Collectors.toList());
  }

  @Test
  void usersAreGrantedByAllHostclassAndColo() throws Exception {
    assertEquals(
        List.of("jane", "raj"), logins(users("web01.nyc1")), "jane: all, raj: hostclass web");
    assertEquals(List.of("jane", "mia"), logins(users("db01.nyc1")), "mia: hostclass db");
    assertEquals(List.of("jane", "mia", "raj"), logins(users("web01.sjc1")), "mia: colo sjc1");
    HostUsers u = users("web01.nyc1");
    assertEquals(fleet.repo().head(), u.revision());
    HostUsers.Account jane = u.users().get(0);
    assertEquals(2001, jane.uid());
    assertEquals("/bin/bash", jane.shell());
    assertEquals(List.of("ops", "adm"), jane.groups());
    assertTrue(jane.sshKeys().get(0).startsWith("ssh-ed25519 "));
    assertEquals(List.of(), u.skipped());
  }

  @Test
  void dotfilesCarryContentAndTheModeOfTheGitExecBit() throws Exception {
    fleet
        .repo()
        .write("users/jane/home/bin/hello", "#!/bin/sh\necho hi\n")
        .executable("users/jane/home/bin/hello", true);
    fleet.repo().commit("jane: a script");
    fleet.http().post("/refresh");
    HostUsers.Account jane = users("web01.nyc1").users().get(0);
    HostUsers.Dotfile bashrc =
        jane.dotfiles().stream().filter(d -> d.path().equals(".bashrc")).findFirst().orElseThrow();
    assertEquals("0644", bashrc.mode());
    assertTrue(
        new String(Base64.getDecoder().decode(bashrc.contentBase64()), StandardCharsets.UTF_8)
                .length()
            > 0);
    HostUsers.Dotfile script =
        jane.dotfiles().stream()
            .filter(d -> d.path().equals("bin/hello"))
            .findFirst()
            .orElseThrow();
    assertEquals("0755", script.mode());
    assertEquals(
        "#!/bin/sh\necho hi\n",
        new String(Base64.getDecoder().decode(script.contentBase64()), StandardCharsets.UTF_8));
  }

  @Test
  void anInvalidUserIsSkippedWithFileAndLineAndTheOthersServed() throws Exception {
    fleet.repo().write("users/evil.yml", "uid: 0\nshell: /bin/bash\naccess: {all: true}\n");
    fleet
        .repo()
        .write(
            "users/zed.yml", "uid: 2001\naccess: {all: true}\nssh_keys: [\"" + KEY + " dup\"]\n");
    fleet.repo().commit("two bad users");
    fleet.http().post("/refresh");
    HostUsers u = users("web01.nyc1");
    assertEquals(List.of("jane", "raj"), logins(u));
    HostUsers.Skipped evil =
        u.skipped().stream()
            .filter(s -> s.file().equals("users/evil.yml"))
            .findFirst()
            .orElseThrow();
    assertEquals(1, evil.line());
    assertTrue(evil.error().contains("uid 0"), evil.error());
    assertTrue(
        u.skipped().stream()
            .anyMatch(s -> s.file().equals("users/zed.yml") && s.error().contains("already used")),
        u.skipped().toString());
  }

  @Test
  void aSymlinkInAHomeIsRefusedAndSkipped() throws Exception {
    fleet.repo().symlink("users/raj/home/.ssh/config", "/etc/shadow");
    fleet.repo().commit("raj: sneaky link");
    fleet.http().post("/refresh");
    HostUsers u = users("web01.nyc1");
    HostUsers.Skipped s =
        u.skipped().stream()
            .filter(x -> x.file().equals("users/raj/home/.ssh/config"))
            .findFirst()
            .orElseThrow();
    assertTrue(s.error().contains("symlink"), s.error());
    HostUsers.Account raj =
        u.users().stream().filter(a -> a.login().equals("raj")).findFirst().orElseThrow();
    assertTrue(raj.dotfiles().stream().noneMatch(d -> d.path().equals(".ssh/config")));
  }

  @Test
  void unknownHostIs404() {
    assertEquals(404, fleet.http().getJson("/host/nosuch.nyc1/users").statusCode());
  }
}
