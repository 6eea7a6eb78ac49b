/** The Node.js versions the server supports: Colyseus 0.18 requires 22 or newer (package.json "engines"). */
export const MIN_NODE_MAJOR = 22;

/**
 * Why this Node cannot run the server, with the commands that get a supported one; undefined when it can.
 * `version` is `process.versions.node` (e.g. "20.20.2"), `execPath` the running binary (shown to the reader).
 */
export function unsupportedNodeMessage(version: string, execPath: string): string | undefined {
  const major = Number(/^v?(\d+)\.\d+\.\d+/.exec(version)?.[1]);
  if (major >= MIN_NODE_MAJOR) return undefined;
  const prefix = `$HOME/.local/node${MIN_NODE_MAJOR}`;
  return [
    `Orb Arena needs Node.js ${MIN_NODE_MAJOR} or newer; this is Node ${version} (${execPath}).`,
    `Start it through npm, which runs it on the project's own Node ${MIN_NODE_MAJOR} (the "node" dev dependency):`,
    `  npm install && npm start`,
    `or install Node ${MIN_NODE_MAJOR} from npm and put it first on PATH:`,
    `  npm install -g --prefix "${prefix}" node@${MIN_NODE_MAJOR} && export PATH="${prefix}/bin:$PATH"`,
  ].join("\n");
}

/** Stops the process with that message (exit code 1) when it runs on an unsupported Node. */
export function exitIfUnsupportedNode(): void {
  const message = unsupportedNodeMessage(process.versions.node, process.execPath);
  if (message === undefined) return;
  console.error(message);
  process.exit(1);
}
