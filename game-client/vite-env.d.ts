/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Game server URL (ws://, wss://, http:// or https://); default: the page's own origin. */
  readonly VITE_SERVER_URL?: string;
  /** Under the dev server: the game server's port; `npm run dev` sets it to the port its game server listens on. */
  readonly VITE_GAME_SERVER_PORT?: string;
}
