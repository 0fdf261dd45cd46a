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

// got imports these at its start, but calls them only for options we never set (src/clients/http.ts
// builds every request): http2-wrapper for `http2: true`, cacheable-request (with keyv and
// http-cache-semantics) for `cache`, cacheable-lookup for `dnsCache`. Read and compiled, they are
// about a fifth of got's chunk and of the start-up of every command that talks to an API. In the
// bundle each is a stub that throws a sentence if it is ever reached; dist/ keeps the real packages.
const UNUSED_BY_GOT = {
  'http2-wrapper': `export default new Proxy({}, { get(_, key) { throw unused('http2-wrapper', 'http2', key); } });`,
  'cacheable-request': `export default class CacheableRequest { constructor() { throw unused('cacheable-request', 'cache'); } }
export class CacheError extends Error {}`,
  'cacheable-lookup': `export default class CacheableLookup { constructor() { throw unused('cacheable-lookup', 'dnsCache'); } }`,
};
const unusedByGot = {
  name: 'unused-by-got',
  setup(b) {
    b.onResolve({ filter: /^(http2-wrapper|cacheable-request|cacheable-lookup)$/ }, (a) => ({ path: a.path, namespace: 'unused-by-got' }));
    b.onLoad({ filter: /.*/, namespace: 'unused-by-got' }, (a) => ({
      contents: `function unused(pkg, option, key) {
  return new Error(\`phonebridge-sync was bundled without \${pkg}, which got uses only for its \${option} option\${key === undefined ? '' : \` (asked for \${String(key)})\`}; src/clients/http.ts must not set it.\`);
}
${UNUSED_BY_GOT[a.path]}`,
      loader: 'js',
    }));
  },
};

// @sindresorhus/is (got's), string-width and wrap-ansi each make an Intl.ListFormat or Intl.Segmenter
// as their module loads: ICU opens its locale data there, about 11 ms of every API command's
// start-up for the two ListFormats alone, which format only the message of an error got throws on
// an option we never pass. In the bundle each becomes an object with the one method the package
// calls, which makes the real one on first use; the same results, made when first needed.
const LAZY_INTL = { ListFormat: 'format', Segmenter: 'segment' };
const LAZY_INTL_FILES = /[\\/]node_modules[\\/](@sindresorhus[\\/]is[\\/]distribution|string-width|wrap-ansi)[\\/]index\.js$/;
const lazyIntl = {
  name: 'lazy-intl',
  setup(b) {
    b.onLoad({ filter: LAZY_INTL_FILES }, (a) => {
      let found = 0;
      const contents = readFileSync(a.path, 'utf8').replace(
        /^(const|let|var) (\w+) = new Intl\.(ListFormat|Segmenter)\(([^)]*)\);$/gm,
        (_, decl, name, kind, args) => {
          found++;
          const method = LAZY_INTL[kind];
          return `let ${name}$real; ${decl} ${name} = { ${method}: (value) => (${name}$real ??= new Intl.${kind}(${args})).${method}(value) };`;
        },
      );
      // A package that moved its Intl object elsewhere is left as it is, and said so at build time.
      if (found === 0) console.warn(`lazy-intl: no module-level Intl object in ${a.path}; left as it is`);
      return { contents, loader: 'js' };
    });
  },
};

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
  plugins: [unusedByGot, lazyIntl],
  // The bundle sits one folder deeper than dist/cli.js, so src/cli.ts cannot find package.json there.
  define: { PACKAGE_VERSION: JSON.stringify(version) },
  // CommonJS packages (proper-lockfile, graceful-fs…) call require() for Node's built-ins; an ES
  // module has none of its own.
  banner: { js: "import { createRequire as __pbsCreateRequire } from 'node:module'; const require = __pbsCreateRequire(import.meta.url);" },
});
writeFileSync(join(out, 'meta.json'), JSON.stringify(metafile));
