/**
 * Manifest comparison for previews: objects matched by apiVersion, kind, namespace and name, a line
 * diff per changed object, and Secret data masked on both sides (a change shows as `*** (changed)`,
 * never as a value).
 */
import { parse, stringify } from 'yaml';
import { splitManifests } from '../render/manifest.ts';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ObjectChange {
  /** `<apiVersion> <Kind> <namespace>/<name>` (namespace omitted when the manifest has none). */
  readonly object: string;
  readonly change: ChangeKind;
  /** Line diff of the object's YAML (`-`/`+`/` ` prefixes, two lines of context). */
  readonly diff?: string;
}

interface ParsedDoc {
  readonly id: string;
  readonly source: string;
  readonly value: unknown;
}

export const MASK = '***';
export const MASK_CHANGED = '*** (changed)';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function parseDocs(manifest: string): ParsedDoc[] {
  const out: ParsedDoc[] = [];
  splitManifests(manifest).forEach((doc, i) => {
    const source = /^# Source: (.*)$/m.exec(doc)?.[1] ?? '';
    let value: unknown;
    try {
      value = parse(doc);
    } catch {
      value = doc;
    }
    if (value === null || value === undefined) return;
    let id = `document ${i + 1}${source ? ` (${source})` : ''}`;
    if (isObj(value)) {
      const md = isObj(value.metadata) ? value.metadata : {};
      const ns = typeof md.namespace === 'string' && md.namespace ? `${md.namespace}/` : '';
      id = `${String(value.apiVersion ?? '')} ${String(value.kind ?? '')} ${ns}${String(md.name ?? '')}`;
    }
    out.push({ id, source, value });
  });
  return out;
}

function isSecret(v: unknown): v is Obj {
  return isObj(v) && v.kind === 'Secret' && (v.apiVersion === 'v1' || v.apiVersion === undefined);
}

/** A copy of the object with Secret `data`/`stringData` values masked; `against` marks what changed. */
export function maskSecret(value: unknown, against?: unknown): unknown {
  if (!isSecret(value)) return value;
  const out: Obj = { ...value };
  for (const field of ['data', 'stringData']) {
    const data = value[field];
    if (!isObj(data)) continue;
    const before = isSecret(against) && isObj(against[field]) ? against[field] : undefined;
    const masked: Obj = {};
    for (const [k, v] of Object.entries(data)) {
      masked[k] = against === undefined || (before && before[k] === v) ? MASK : MASK_CHANGED;
    }
    out[field] = masked;
  }
  return out;
}

function render(doc: ParsedDoc, value: unknown): string {
  const body = typeof value === 'string' ? value : stringify(value, { lineWidth: 0 });
  return `---\n${doc.source ? `# Source: ${doc.source}\n` : ''}${body.replace(/\n$/, '')}\n`;
}

/** The manifest with every Secret's data masked (documents re-emitted as YAML). */
export function maskManifest(manifest: string): string {
  return parseDocs(manifest)
    .map((d) => render(d, maskSecret(d.value)))
    .join('');
}

/** Compares a deployed manifest with a new one, object by object. */
export function diffManifests(oldManifest: string, newManifest: string): ObjectChange[] {
  const before = new Map(parseDocs(oldManifest).map((d) => [d.id, d]));
  const after = parseDocs(newManifest);
  const changes: ObjectChange[] = [];
  for (const doc of after) {
    const old = before.get(doc.id);
    before.delete(doc.id);
    const newText = yamlOf(maskSecret(doc.value, old ? old.value : null));
    if (!old) {
      changes.push({ object: doc.id, change: 'added', diff: lineDiff('', newText) });
      continue;
    }
    const oldText = yamlOf(maskSecret(old.value));
    const same = JSON.stringify(old.value) === JSON.stringify(doc.value);
    changes.push(
      same
        ? { object: doc.id, change: 'unchanged' }
        : { object: doc.id, change: 'changed', diff: lineDiff(oldText, newText) },
    );
  }
  for (const doc of before.values()) {
    changes.push({ object: doc.id, change: 'removed', diff: lineDiff(yamlOf(maskSecret(doc.value)), '') });
  }
  return changes;
}

function yamlOf(value: unknown): string {
  return typeof value === 'string' ? value : stringify(value, { lineWidth: 0 });
}

const CONTEXT = 2;

/** A line diff (longest common subsequence) showing changed lines with two lines of context. */
export function lineDiff(a: string, b: string): string {
  const x = a === '' ? [] : a.replace(/\n$/, '').split('\n');
  const y = b === '' ? [] : b.replace(/\n$/, '').split('\n');
  const n = x.length;
  const m = y.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      lines.push(`  ${x[i++]}`);
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] > lcs[i + 1][j])) {
      lines.push(`+ ${y[j++]}`);
    } else {
      lines.push(`- ${x[i++]}`);
    }
  }
  const keep = lines.map(() => false);
  lines.forEach((l, k) => {
    if (l[0] === ' ') return;
    for (let c = Math.max(0, k - CONTEXT); c <= Math.min(lines.length - 1, k + CONTEXT); c++) keep[c] = true;
  });
  const out: string[] = [];
  lines.forEach((l, k) => {
    if (keep[k]) out.push(l);
    else if (out.length > 0 && out[out.length - 1] !== '...' && keep.slice(k).some(Boolean)) out.push('...');
  });
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}
