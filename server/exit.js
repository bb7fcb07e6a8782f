// `process.exit` ends the process at once: on Linux, as on every POSIX system, writes to a pipe (systemd's
// journal, a supervisor, a test reading the output) are asynchronous, so a line may still be queued and is
// then lost (Node's « A note on process I/O »). This exits once stdout and stderr have handed over everything written before.
export function exitAfterOutput(code) {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
