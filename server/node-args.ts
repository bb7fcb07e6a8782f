// How Node runs Trame's server: with V8's old generation capped (ADR 037). Without a cap V8 sizes its
// heap by the machine's memory (4 GiB here) and, under the deadline's surge, lets garbage pile up before
// collecting it: 360–457 MiB resident for a live heap of 80–95 MiB. Capped at 256 MiB, the same load
// peaks at 230–270 MiB with the same throughput. The same figure is written in package.json (`start`,
// `serve`) and in the systemd unit (docs/deployment/trame@.service); a test keeps the three equal, and the
// tests and the bench start the server with these arguments, as production does.
export const HEAP_MIB = 256;
export const SERVER_NODE_ARGS = [`--max-old-space-size=${HEAP_MIB}`];
