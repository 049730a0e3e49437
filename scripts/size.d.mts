// Types of scripts/size.mjs, for test/runtimes/size.test.ts.
/** The core entry's budget, minified and gzipped, in bytes. */
export declare const CORE_BUDGET_BYTES: number;
/** [label, built file] of every package entry. */
export declare const ENTRIES: readonly (readonly [string, string])[];
/** Bytes as docs/size.md writes them, e.g. `9.87 KB`. */
export declare function kb(bytes: number): string;
/** Minified and gzipped size of `contents` bundled (imports resolved from the working directory). */
export declare function measure(contents: string, options?: { metafile?: boolean }): Promise<{ minified: number; gzipped: number; metafile: unknown }>;
