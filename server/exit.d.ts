/** Exits with `code` once stdout and stderr have handed over everything written before (server/exit.js). */
export function exitAfterOutput(code: number): void;
