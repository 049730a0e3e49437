#!/usr/bin/env node
import { text } from 'node:stream/consumers';
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin: () => text(process.stdin),
});
