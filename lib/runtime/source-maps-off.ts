// server.ts's first import, so it runs before Next.js and the build's modules load (lib/runtime/source-maps.ts).
import { sourceMapsOffUnlessAsked } from "./source-maps";

sourceMapsOffUnlessAsked();
