import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { precompress } from "./precompress.js";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The browser client. `npm run build:client` writes dist/client (served by the game server on the
 * same origin as its WebSocket). `npm run dev` serves it with hot reload next to the game server from
 * source and points it at that server's port (server/dev.mjs); `npm run dev:client` serves it alone,
 * pointed at port 2567 on the page's host unless VITE_SERVER_URL says otherwise. A build writes
 * brotli and gzip copies beside each file (precompress.ts) for the server to pick from.
 */
export default defineConfig({
  root,
  base: "./",
  envDir: root,
  plugins: [precompress()],
  build: {
    outDir: fileURLToPath(new URL("../dist/client", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        // Phaser is large and changes rarely: its own chunk caches across releases of the game.
        codeSplitting: { groups: [{ name: "phaser", test: /node_modules[\\/]phaser/ }] },
      },
    },
  },
  // Pre-bundled when the dev server starts, so a first page load never waits for a discovery and reload.
  optimizeDeps: { include: ["phaser", "@colyseus/sdk", "@colyseus/sdk/predict", "@colyseus/schema", "zod"] },
  server: { port: 5173, strictPort: false },
});
