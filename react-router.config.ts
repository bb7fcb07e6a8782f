import type { Config } from "@react-router/dev/config";

export default {
  ssr: true,
  appDirectory: "app",
  buildDirectory: "build",
  // The whole route manifest in one cached file, not a partial manifest computed and inlined in every page
  // (~3 % of a page's server time, issue 11) nor /__manifest requests as links appear (ADR 039).
  routeDiscovery: { mode: "initial" },
} satisfies Config;
