/** `import text from './file?raw'`: the file's text (Vite reads it so in tests; tsup.config.ts's rawText plugin in the build). */
declare module '*?raw' {
  const text: string;
  export default text;
}
