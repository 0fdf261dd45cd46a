// `npm run build`, second step: bundles tsc's dist/cli.js with esbuild into dist/bundle/, which
// bin/phonebridge-sync.js runs. Why: Node resolves, reads and compiles every ES module on its own
// (about 470 files for `list zoho --json`, most of its start-up); one bundle split by dynamic import
// loads a few files per command. Code splitting keeps the commands' lazy imports lazy: `--help`
// loads commander and the program, a command loads what it imports. esbuild: a maintained bundler
// that reads tsc's output as it is. dist/ itself stays as tsc wrote it (the bench and some tests
// import its modules).
//
// dist/bundle/meta.json is esbuild's metafile: which package each chunk holds, so a test can still
// tell what a command loaded (test/e2e/match.test.ts).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'dist/bundle');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

rmSync(out, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: [join(root, 'dist/cli.js')],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: out,
  metafile: true,
  write: true,
  logLevel: 'warning',
  // The bundle sits one folder deeper than dist/cli.js, so src/cli.ts cannot find package.json there.
  define: { PACKAGE_VERSION: JSON.stringify(version) },
  // CommonJS packages (proper-lockfile, graceful-fs…) call require() for Node's built-ins; an ES
  // module has none of its own.
  banner: { js: "import { createRequire as __pbsCreateRequire } from 'node:module'; const require = __pbsCreateRequire(import.meta.url);" },
});
writeFileSync(join(out, 'meta.json'), JSON.stringify(metafile));
