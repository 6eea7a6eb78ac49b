export declare function gameServerPort(line: string): number | undefined;
