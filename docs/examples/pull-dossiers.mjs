// Pulls every dossier of a call changed since a date, with its typed answers, through Trame's API.
// Node.js 18 or later, no dependency:
//   TRAME_URL=https://trame.example.org TRAME_TOKEN=trame_… CALL_ID=… SINCE=2026-01-01T00:00:00Z node pull-dossiers.mjs
// Prints one JSON line per dossier; keep the « since » it prints last for the next run.
const base = `${process.env.TRAME_URL}/api/v1`;
const headers = { Authorization: `Bearer ${process.env.TRAME_TOKEN}`, Accept: "application/json" };
const startedAt = new Date().toISOString();

async function get(path) {
  for (;;) {
    const res = await fetch(`${base}${path}`, { headers });
    if (res.status === 429) {
      // Too many requests for this token: wait as told, then try again.
      await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 10) * 1000));
      continue;
    }
    const body = await res.json();
    if (!res.ok) throw new Error(`${res.status} ${body.title}: ${body.detail}`);
    return body;
  }
}

const since = process.env.SINCE ?? "1970-01-01T00:00:00Z";
let cursor = null;
let count = 0;
do {
  const query = new URLSearchParams({ updated_since: since, ...(cursor ? { cursor } : {}) });
  const page = await get(`/calls/${process.env.CALL_ID}/dossiers?${query}`);
  for (const summary of page.data) {
    const dossier = await get(`/dossiers/${summary.id}`);
    console.log(JSON.stringify(dossier));
    count++;
  }
  cursor = page.next_cursor;
} while (cursor);
console.error(`${count} dossier${count > 1 ? "s" : ""} ; prochain passage : SINCE=${startedAt}`);
