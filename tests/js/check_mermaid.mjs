// Parse every ```mermaid block of a Markdown file with Mermaid's own parser.
// Usage: node check_mermaid.mjs FILE.md  -> prints one JSON line per block; exit 1 if any fails.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

// Mermaid sanitises labels with DOMPurify, which needs a DOM: jsdom stands in for a browser.
const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

const text = readFileSync(process.argv[2], "utf8");
const blocks = [...text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
let failed = 0;
for (const block of blocks) {
  try {
    const result = await mermaid.parse(block);
    console.log(JSON.stringify({ ok: true, type: result.diagramType }));
  } catch (error) {
    failed += 1;
    console.log(JSON.stringify({ ok: false, error: String(error.message || error).slice(0, 500), block }));
  }
}
process.exit(failed ? 1 : 0);
