// `process.exit` ends the process at once: on Linux a line written to a pipe (systemd's journal, a
// supervisor, a test reading the output) may still be queued, and is then lost (Node's documentation of
// process I/O). This exits once stdout and stderr have handed over everything written before.
export function exitAfterOutput(code) {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
