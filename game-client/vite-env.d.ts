/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Game server URL (ws://, wss://, http:// or https://); default: the page's own origin. */
  readonly VITE_SERVER_URL?: string;
}
