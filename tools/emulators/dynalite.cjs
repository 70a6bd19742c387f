// Starts the dynalite DynamoDB emulator (in memory, tables ready at once) on 127.0.0.1 only.
// Usage: node tools/emulators/dynalite.cjs PORT   — exits when stdin closes (the test JVM went away).
"use strict";
const dynalite = require("dynalite");

const port = Number.parseInt(process.argv[2] ?? "", 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error("usage: node dynalite.cjs PORT (1-65535)");
  process.exit(2);
}

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.on("error", (e) => {
  console.error(`dynalite could not listen on 127.0.0.1:${port}: ${e.message}`);
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => {
  console.log(`dynalite listening on http://127.0.0.1:${port}`);
});

const stop = () => server.close(() => process.exit(0));
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
