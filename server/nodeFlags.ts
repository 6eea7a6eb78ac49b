/**
 * The Node flags every game server process is started with: by `npm start`, the Dockerfile,
 * `npm run cluster` and the benchmark (which gives them to every arm alike). test/operations.test.ts
 * checks that the start script and the Dockerfile carry them.
 *
 * --max-semi-space-size=64: a larger young generation (V8's default semi-space is 16 MiB). A game
 * server allocates short-lived objects per message and per tick (frames, buffers, closures); with a
 * small young generation, GC runs more often and promotes more of them before they die
 * (measurements: docs/decisions/0008).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];
