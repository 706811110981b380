/** Bundle a TypeScript entry (path relative to the repository root) into one runnable ESM file. */
export function bundleForNode(entry: string, outFile: string): Promise<string>;
