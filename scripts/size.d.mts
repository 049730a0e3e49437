// Types of scripts/size.mjs, for test/runtimes/size.test.ts.
/** The budget of a validate-only app, minified and gzipped, in bytes. */
export declare const CORE_BUDGET_BYTES: number;
/** What a validate-only app may not grow past while it is over the budget. */
export declare const CORE_CEILING_BYTES: number;
/** [label, built file] of every package entry. */
export declare const ENTRIES: readonly (readonly [string, string])[];
/** Bytes as docs/size.md writes them, e.g. `9.87 KB`. */
export declare function kb(bytes: number): string;
/** A bundle as measured: its sizes in bytes and its minified code. */
export interface Measured {
  readonly minified: number;
  readonly gzipped: number;
  readonly metafile: unknown;
  readonly code: string;
}
/** Minified and gzipped size of `contents` bundled (imports resolved from `resolveDir`, default the working directory). */
export declare function measure(
  contents: string,
  options?: { metafile?: boolean; resolveDir?: string },
): Promise<Measured>;
/** Minified and gzipped size of a built entry file, with the chunks it imports. */
export declare function measureFile(file: string): Promise<Measured>;
/** The code a bundler starts from when an app imports these names (entry -> names) from the built package. */
export declare function importSetCode(imports: Readonly<Record<string, string>>): string;
/** Minified and gzipped size of a validate-only app (the budgeted use case); `root` is the package folder. */
export declare function measureValidateOnly(root: string): Promise<Measured>;
