// Builds one self-contained, minified ES module per chapter view (the kit is inlined), and one
// stylesheet (the kit's theme.css followed by each chapter's own .css) into src/r1widgets/static/.
// No code splitting, no CDN. `node js/build.mjs --watch` (npm run dev) rebuilds on every save
// under js/; with ANYWIDGET_HMR=1 in the kernel's environment, open widgets then reload.
// It also builds the front end that r1widgets.export_html inlines into a snapshot page
// (js/export/index.js: the widget manager, ipywidgets' controls and anywidget's front end) into
// static/export.js and static/export.css, so that an installed package exports without Node.
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
  await buildExport();
  return chapters.length;
}

// anywidget's npm package ends in an AMD call, `define(["@jupyter-widgets/base"], widget_default)`,
// made for JupyterLab's loader. The export imports that factory as an ES default export instead.
const AMD_TAIL = 'define(["@jupyter-widgets/base"], widget_default);';
const anywidgetAsEsm = {
  name: "anywidget-as-esm",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]anywidget[\\/]dist[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.trimEnd().endsWith(AMD_TAIL)) {
        throw new Error(`${args.path} no longer ends in ${AMD_TAIL}: update js/build.mjs`);
      }
      return {
        contents: `${text.trimEnd().slice(0, -AMD_TAIL.length)}export default widget_default;\n`,
      };
    });
  },
};

async function buildExport() {
  await build({
    entryPoints: { export: "js/export/index.js" },
    bundle: true,
    format: "esm",
    minify: true,
    target: "es2020",
    outdir: out,
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [anywidgetAsEsm],
  });
  // export.py inlines this file in a <script> element, where the HTML parser would read "<!--",
  // "<script" or "</script" inside the code (sanitize-html and jQuery hold such strings) as
  // markup. They occur only in string and regex literals, where \x3C is the same "<": write them
  // so, then parse the result once to be sure it is still valid JavaScript.
  const file = `${out}/export.js`;
  const safe = readFileSync(file, "utf8").replace(/<(!--|\/?script)/gi, "\\x3C$1");
  await transform(safe, { loader: "js", format: "esm" });
  writeFileSync(file, safe);
}

if (process.argv.includes("--watch")) {
  let timer = null;
  const rebuild = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const n = await buildAll();
        console.log(
          `${new Date().toLocaleTimeString()} rebuilt ${n} chapter bundles, theme.css and export.js`,
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
  console.log(`built ${await buildAll()} chapter bundles, theme.css and export.js`);
}
