// Types of scripts/size.mjs, for test/runtimes/size.test.ts.
/** The core entry's budget, minified and gzipped, in bytes. */
export declare const CORE_BUDGET_BYTES: number;
/** [label, built file] of every package entry. */
export declare const ENTRIES: readonly (readonly [string, string])[];
/** Bytes as docs/size.md writes them, e.g. `9.87 KB`. */
export declare function kb(bytes: number): string;
/** Minified and gzipped size of `contents` bundled (imports resolved from `resolveDir`, default the working directory). */
export declare function measure(
  contents: string,
  options?: { metafile?: boolean; resolveDir?: string },
): Promise<{ minified: number; gzipped: number; metafile: unknown }>;
/** Minified and gzipped size of a built entry file, with the chunks it imports. */
export declare function measureFile(file: string): Promise<{ minified: number; gzipped: number; metafile: unknown }>;
