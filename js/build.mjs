// Builds one self-contained, minified ES module per chapter view (the kit is inlined), and one
// stylesheet (the kit's theme.css followed by each chapter's own .css) into src/r1widgets/static/.
// No code splitting, no CDN.
import { build, transform } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";

const out = "src/r1widgets/static";
const files = readdirSync("js/chapters").sort();
const chapters = files.filter((f) => f.endsWith(".js")).map((f) => `js/chapters/${f}`);

await build({
  entryPoints: chapters,
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  outdir: out,
  logLevel: "warning",
});

const css = ["js/lib/theme.css", ...files.filter((f) => f.endsWith(".css")).map((f) => `js/chapters/${f}`)]
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");
const { code } = await transform(css, { loader: "css", minify: true });
mkdirSync(out, { recursive: true });
writeFileSync(`${out}/theme.css`, code);
console.log(`built ${chapters.length} chapter bundles and theme.css`);
