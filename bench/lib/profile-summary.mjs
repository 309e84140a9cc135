// `node bench/lib/profile-summary.mjs <file.cpuprofile | file.heapsnapshot> [rows] [divide-by]`
// Summarises what `pnpm bench --profile <dir>` wrote:
//   .cpuprofile    top functions by self time and by inclusive time, as a share of busy (non-idle) time
//   .heapsnapshot  top object kinds (V8 node type + constructor/name) by self size; `divide-by` (say, the
//                  session count) adds a per-session column. Self sizes, not retained sizes: a Map shows its
//                  table, the objects in it show under their own names.
import { readFileSync } from 'node:fs';

const [file, rowsArg = '25', divideArg] = process.argv.slice(2);
if (!file) {
  console.error(
    'usage: node bench/lib/profile-summary.mjs <file.cpuprofile|file.heapsnapshot> [rows] [divide-by]',
  );
  process.exit(2);
}
const rows = Number(rowsArg);
const divideBy = divideArg ? Number(divideArg) : null;
const pct = (part, whole) =>
  `${((100 * part) / whole).toFixed(1)}%`.padStart(6);

function cpuSummary(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes)
    for (const child of n.children ?? []) parent.set(child, n.id);
  const timeById = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    timeById.set(id, (timeById.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const label = (n) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? url.split('/').slice(-2).join('/') : '';
    return `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`;
  };
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, t] of timeById) {
    total += t;
    const node = byId.get(id);
    if (node.callFrame.functionName === '(idle)') {
      idle += t;
      continue;
    }
    self.set(label(node), (self.get(label(node)) ?? 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = label(byId.get(cur));
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    }
  }
  const busy = total - idle;
  console.log(
    `profile ${(total / 1e3).toFixed(0)} ms, idle ${(idle / 1e3).toFixed(0)} ms, busy ${(busy / 1e3).toFixed(0)} ms (${pct(busy, total).trim()})`,
  );
  for (const [title, map] of [
    ['self time', self],
    ['inclusive time', inclusive],
  ]) {
    console.log(`\n${title}, share of busy time:`);
    for (const [key, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows))
      console.log(
        `${pct(t, busy)} ${(t / 1e3).toFixed(0).padStart(7)} ms  ${key}`,
      );
  }
}

function heapSummary(snapshot) {
  const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
  const width = fields.length;
  const typeNames = types[0];
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const { nodes, strings } = snapshot;
  const kinds = new Map();
  let total = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const type = typeNames[nodes[i + iType]];
    const name =
      type === 'object' || type === 'closure' || type === 'native'
        ? strings[nodes[i + iName]]
        : '';
    const key = `${type} ${name}`.trim().slice(0, 100);
    const size = nodes[i + iSize];
    total += size;
    const entry = kinds.get(key) ?? { size: 0, count: 0 };
    entry.size += size;
    entry.count++;
    kinds.set(key, entry);
  }
  console.log(
    `heap snapshot: ${(total / 2 ** 20).toFixed(1)} MiB self size in ${(nodes.length / width).toLocaleString('en-US')} nodes`,
  );
  console.log(
    `\nshare    KiB${divideBy ? `  KiB/${divideBy}` : ''}     count  kind`,
  );
  for (const [key, { size, count }] of [...kinds]
    .sort((a, b) => b[1].size - a[1].size)
    .slice(0, rows)) {
    console.log(
      `${pct(size, total)} ${(size / 1024).toFixed(0).padStart(7)}${divideBy ? (size / 1024 / divideBy).toFixed(2).padStart(9) : ''} ${String(count).padStart(9)}  ${key}`,
    );
  }
}

const data = JSON.parse(readFileSync(file, 'utf8'));
if (data.snapshot) heapSummary(data);
else cpuSummary(data);
