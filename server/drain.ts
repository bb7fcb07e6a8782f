// Refusing a body that is too large without losing the refusal: read and drop what the client is still
// sending (up to a bound, for a few seconds), *then* answer and close. Answering first and closing
// mid-upload makes the client's kernel discard our answer with the reset, so the person saw a broken
// connection instead of the message (a race seen on loaded machines, issue 10's robustness run).
import type { IncomingMessage } from "node:http";

const DRAIN_BYTES = 16 * 1024 * 1024;
const DRAIN_MS = 5000;

/** Calls `answer` once the body is drained (or at once when it is too large to drain); closes afterwards is the caller's (Connection: close). */
export function afterDraining(req: IncomingMessage, answer: () => void): void {
  if (req.readableEnded || Number(req.headers["content-length"] ?? 0) > DRAIN_BYTES) return answer();
  let drained = 0;
  let answered = false;
  const done = () => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    answer();
  };
  const timer = setTimeout(done, DRAIN_MS);
  req.removeAllListeners("data");
  req.removeAllListeners("end");
  req.on("data", (c: Buffer) => {
    drained += c.length;
    if (drained > DRAIN_BYTES) done();
  });
  req.on("end", done);
  req.on("error", done);
  req.resume();
}
