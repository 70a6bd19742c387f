// Starts the fauxqs SNS/SQS emulator on 127.0.0.1 only (its own CLI and startFauxqs() bind 0.0.0.0).
// Usage: node tools/emulators/fauxqs.mjs PORT   — exits when stdin closes (the test JVM went away).
import { buildApp } from "fauxqs";

const port = Number.parseInt(process.argv[2] ?? "", 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error("usage: node fauxqs.mjs PORT (1-65535)");
  process.exit(2);
}

// No `host` option: queue URLs then follow the request's Host header (127.0.0.1:PORT).
const app = buildApp({ logger: false });
try {
  await app.listen({ port, host: "127.0.0.1" });
} catch (e) {
  console.error(`fauxqs could not listen on 127.0.0.1:${port}: ${e.message}`);
  process.exit(1);
}
console.log(`fauxqs listening on http://127.0.0.1:${port}`);

const stop = () => app.close().finally(() => process.exit(0));
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
