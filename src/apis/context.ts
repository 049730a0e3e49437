const trimSlash = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/** `context` with the version in it, as WSO2 deploys it: `{version}` replaced, else `/version` appended (once). */
export function versionedContext(context: string, version: string): string {
  const trimmed = trimSlash(context);
  if (trimmed.includes('{version}')) return trimmed.replace('{version}', version);
  return trimmed.endsWith(`/${version}`) ? trimmed : `${trimmed}/${version}`;
}

/** A path without its trailing slash (`/` stays `/`). */
export { trimSlash };
