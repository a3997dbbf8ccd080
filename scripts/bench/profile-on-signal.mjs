// Preloaded into the app by `npm run bench:api -- --profile` (NODE_OPTIONS=--import ...): SIGUSR2 starts
// V8's CPU profiler (the one `node --cpu-prof` uses) and the next SIGUSR2 writes the profile to
// $CREDITPOOL_PROFILE_DIR/<pid>.cpuprofile, so a profile covers only the measured load, not the start-up.
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";

const dir = process.env.CREDITPOOL_PROFILE_DIR;
if (dir) {
  let session = null;
  process.on("SIGUSR2", () => {
    if (!session) {
      session = new inspector.Session();
      session.connect();
      session.post("Profiler.enable", () =>
        session.post("Profiler.setSamplingInterval", { interval: 250 }, () => session.post("Profiler.start")),
      );
      return;
    }
    const current = session;
    session = null;
    current.post("Profiler.stop", (error, result) => {
      fs.mkdirSync(dir, { recursive: true });
      if (!error)
        fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      current.disconnect();
      fs.writeFileSync(path.join(dir, `${process.pid}.done`), error ? String(error) : "");
    });
  });
}
