// Builds one self-contained, minified ES module per chapter view (the kit is inlined), and one
// stylesheet (the kit's theme.css followed by each chapter's own .css) into src/r1widgets/static/.
// No code splitting, no CDN. `node js/build.mjs --watch` (npm run dev) rebuilds on every save
// under js/; with ANYWIDGET_HMR=1 in the kernel's environment, open widgets then reload.
import { build, transform } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, watch, writeFileSync } from "node:fs";

const out = "src/r1widgets/static";

async function buildAll() {
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
  const sheets = files.filter((f) => f.endsWith(".css")).map((f) => `js/chapters/${f}`);
  const css = ["js/lib/theme.css", ...sheets].map((f) => readFileSync(f, "utf8")).join("\n");
  const { code } = await transform(css, { loader: "css", minify: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}/theme.css`, code);
  return chapters.length;
}

if (process.argv.includes("--watch")) {
  let timer = null;
  const rebuild = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const n = await buildAll();
        console.log(
          `${new Date().toLocaleTimeString()} rebuilt ${n} chapter bundles and theme.css`,
        );
      } catch (err) {
        console.error(`build failed: ${err.message}`); // keep watching: the next save may fix it
      }
    }, 50);
  };
  rebuild();
  watch("js", { recursive: true }, rebuild);
  console.log("watching js/ (Ctrl-C to stop)");
} else {
  console.log(`built ${await buildAll()} chapter bundles and theme.css`);
}
