# Shared by the bench scripts (sourced from the project root).

# The median of the numbers on stdin, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# make_big_repo DIR: the 10,000-host config repo every server-side benchmark uses (200 hostclasses
# x 5 versions, 20 colos, 20 users; seed 7), one commit on main, with a committer configured.
make_big_repo() {
  local REPO=$1
  git init -q -b main "$REPO"
  python3 - "$REPO" <<'PY' | (cd "$REPO" && git fast-import --quiet)
import sys, random
random.seed(7)
out = sys.stdout
files = []
for c in range(20):
    files.append((f"colo/colo{c:02d}.yml",
        f"params:\n  dns: [10.{c}.0.2, 10.{c}.0.3]\n  ntp_server: ntp.colo{c:02d}.example.com\n  syslog_host: logs.colo{c:02d}.example.com\n"))
for h in range(200):
    for v in range(1, 6):
        files.append((f"hostclass/hc{h:03d}/{v}.yml",
            "packages:\n"
            f"  production: [app{h:03d}-{v}.0.0, nginx-1.25.{v}, sysinfo-1.0.0, foreman-1.0.0]\n"
            "  failsafe: [foreman-1.0.0]\n"
            f"params:\n  listen_port: {8000 + h}\n  workers: {v * 2}\n  heap_mb: {512 * v}\n  greeting: Hello from hc{h:03d} v{v}\n"))
for i in range(10000):
    files.append((f"host/host{i:05d}.colo{i % 20:02d}.yml",
        f"colo: colo{i % 20:02d}\nhostclass: hc{i % 200:03d}\nversion: {1 + i % 5}\nparams:\n  rack: r{i % 40}\n  serial: SN{i:07d}\n"))
for u in range(20):
    files.append((f"users/user{u:02d}.yml",
        f"uid: {3000 + u}\ncomment: User {u}\nshell: /bin/bash\naccess: {{colos: [colo{u:02d}]}}\n"))
out.write("commit refs/heads/main\ncommitter Bench <bench@example.com> 1700000000 +0000\ndata 14\ngenerated repo\n")
for path, text in files:
    b = text.encode()
    out.write(f"M 100644 inline {path}\ndata {len(b)}\n")
    out.write(text)
    out.write("\n")
out.write("\n")
PY
  git -C "$REPO" checkout -q main
  git -C "$REPO" config user.email bench@example.com
  git -C "$REPO" config user.name Bench
}
