// Before the first test: every page is asked for once on each running e2e server, so the first spec
// does not pay for `next start` loading each route's code on its first request (on a slow machine the
// first spec, which visits four public pages cold and runs axe on each, used to time out). A page
// that needs a session answers with a redirect to sign-in, which still loads its route.
import type { FullConfig } from "@playwright/test";
import { OWNER_PAGES, PUBLIC_PAGES } from "./pages";

export default async function warmUp(config: FullConfig): Promise<void> {
  const bases = [...new Set(config.projects.map((p) => p.use.baseURL).filter((u): u is string => !!u))];
  for (const base of bases) {
    for (const path of [...PUBLIC_PAGES, ...OWNER_PAGES]) {
      try {
        const response = await fetch(new URL(path, base), { redirect: "manual" });
        await response.arrayBuffer();
      } catch {
        // This server is not running in this run (its project was not picked): nothing to warm.
        break;
      }
    }
  }
}
