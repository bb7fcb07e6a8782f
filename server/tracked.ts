// An Express handler whose work is counted as a request's until it ends, even if its connection ends
// first, so that a stopping process waits for it before closing its pools (ADR 055).
import type { NextFunction, Request, Response } from "express";
import type { InFlight } from "../app/ops/in-flight.server";

export const trackedBy =
  (requests: InFlight) =>
  (handler: (req: Request, res: Response, next: NextFunction) => Promise<unknown>) =>
  (req: Request, res: Response, next: NextFunction) =>
    requests.track(handler(req, res, next));
