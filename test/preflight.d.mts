export declare const MIN_NODE_MAJOR: number;
export interface SystemPackage {
  name: string;
  /** Found when this file is executable. */
  path?: string;
  /** Found when a directory on PATH has this executable. */
  command?: string;
}
export declare const SYSTEM_PACKAGES: readonly SystemPackage[];
export declare function nodeProblem(version: string, execPath: string): string | undefined;
export declare function missingPackages(packages: readonly SystemPackage[], pathDirs: readonly string[], isExecutable: (path: string) => boolean): string[];
export type InstallPlan = { kind: "none" } | { kind: "install"; commands: string[][] } | { kind: "fail"; message: string };
export declare function installPlan(missing: readonly string[], machine: { isRoot: boolean; hasAptGet: boolean }): InstallPlan;
