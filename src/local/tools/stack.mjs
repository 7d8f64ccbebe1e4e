// `npm run stack -- <addon|gateway> 1:2345 1:6789 ...`: maps positions in a built Code.js (what the
// add-on's guards log as "[at 1:2345 ...]", or the frames of an Apps Script stack) back to the source
// file, line and name, through build/maps/<project>.Code.js.map (written by `npm run build`, never pushed).
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const [project, ...positions] = process.argv.slice(2);
if (!['addon', 'gateway'].includes(project) || positions.length === 0) {
  console.error('usage: npm run stack -- <addon|gateway> LINE:COLUMN [LINE:COLUMN ...]');
  process.exit(2);
}
const mapPath = join(root, 'build', 'maps', `${project}.Code.js.map`);
let map;
try {
  map = new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8')));
} catch {
  console.error(`No source map at ${mapPath}: run \`npm run build\` on the commit that was deployed.`);
  process.exit(1);
}
for (const p of positions) {
  const m = /^(\d+):(\d+)$/.exec(p);
  if (!m) {
    console.error(`${p}: not LINE:COLUMN`);
    process.exitCode = 2;
    continue;
  }
  // Stacks print 1-based lines and columns; the map is 0-based.
  const e = map.findEntry(Number(m[1]) - 1, Number(m[2]) - 1);
  const src = e.originalSource ? e.originalSource.replace(/^(\.\.\/)+/, '') : '?';
  console.log(
    `${p}  ${src}:${(e.originalLine ?? -1) + 1}:${(e.originalColumn ?? -1) + 1}${e.name ? `  ${e.name}` : ''}`,
  );
}
