import { randomUUID } from "node:crypto";

export const newId = (): string => randomUUID();
export const nowIso = (now: Date = new Date()): string => now.toISOString();
