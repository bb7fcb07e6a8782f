/**
 * Whether `work`, just started, ended before the event loop's next turn — before any other request could
 * have been served. A loop of SQLite statements that never lets others in does: its statements answer at
 * once and their promises are already settled (issue 11). Pass the work as soon as it is started.
 */
export async function endsBeforeNextTurn<T>(work: Promise<T>): Promise<{ ended: boolean; value: T }> {
  let ended = false;
  const tracked = work.then((value) => {
    ended = true;
    return value;
  });
  const atNextTurn = await new Promise<boolean>((resolve) => setImmediate(() => resolve(ended)));
  return { ended: atNextTurn, value: await tracked };
}
