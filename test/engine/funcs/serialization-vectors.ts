/**
 * Runs the helm-yaml-json-toml and values-printing vectors that need only .Values, Sprig and
 * the serialization functions through the real template engine.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TemplateSet } from '../../../lib/engine/template/index.ts';
import { baseFuncs } from '../../../lib/engine/funcs/index.ts';
import { serializationFuncs } from '../../../lib/engine/funcs/serialization.ts';
import { parseYaml } from '../../../lib/yaml/index.ts';
import type { GoValue } from '../../../lib/go/value.ts';

export interface VectorCase {
  id: string;
  template: string;
  values?: string | null;
  output?: string;
  error?: boolean;
  errorMessage?: string;
  flags?: string[];
  files?: Record<string, string>;
  chart?: unknown;
  templateDir?: string;
  mode?: string;
}

export interface VectorResult {
  id: string;
  skipped?: string;
  expected?: string;
  actual?: string;
  pass: boolean;
}

const SHARED = process.env.SLIPWAY_SHARED ?? resolve(import.meta.dirname, '../../../../shared');
export const VECTOR_FILES = ['helm-yaml-json-toml.json', 'values-printing.json'].map((f) =>
  resolve(SHARED, 'conformance/templates', f),
);

/** Objects and methods only the full chart renderer provides. */
const NEEDS_RENDERER =
  /\.Release|\.Chart|\.Capabilities|\.Template|\.Files|\.Values\.(Table|PathValue|YAML|AsMap)|typeOf \.Values\b|typeOf \. |\binclude\b|\btpl\b|\blookup\b/;

export function loadCases(): VectorCase[] {
  const out: VectorCase[] = [];
  for (const file of VECTOR_FILES) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      defaults?: Partial<VectorCase>;
      cases: VectorCase[];
    };
    for (const c of data.cases) out.push({ ...data.defaults, ...c } as VectorCase);
  }
  return out;
}

function lastCallError(message: string): string {
  const i = message.lastIndexOf('error calling ');
  return i < 0 ? message : message.slice(i);
}

/** Whether the template engine (developed in parallel) can run a trivial template right now. */
export function engineReady(): boolean {
  try {
    const set = new TemplateSet({ ...baseFuncs, ...serializationFuncs }, { missingKey: 'zero' });
    set.addFile('probe', '{{ .x | toJson }} {{ toYaml (list 1) }}');
    return set.execute('probe', new Map<string, GoValue>([['x', 1]])) === '1 - 1';
  } catch {
    return false;
  }
}

export function runCase(c: VectorCase): VectorResult {
  if (c.flags || c.files || c.chart || c.templateDir || c.mode)
    return { id: c.id, skipped: 'needs chart features', pass: true };
  if (NEEDS_RENDERER.test(c.template)) return { id: c.id, skipped: 'needs renderer objects', pass: true };
  let values: GoValue;
  try {
    values = c.values === undefined || c.values === null ? new Map() : parseYaml(c.values);
  } catch (e) {
    const msg = `cannot load values.yaml: ${(e as Error).message}`;
    return {
      id: c.id,
      expected: c.errorMessage,
      actual: msg,
      pass: c.error === true && msg === c.errorMessage,
    };
  }
  const set = new TemplateSet({ ...baseFuncs, ...serializationFuncs }, { missingKey: 'zero' });
  const name = 'conformance/templates/_case0.tpl';
  try {
    set.addFile(name, c.template);
    const out = set.execute(name, new Map<string, GoValue>([['Values', values]]));
    return { id: c.id, expected: c.output, actual: out, pass: c.error !== true && out === c.output };
  } catch (e) {
    const msg = (e as Error).message;
    // Functions of modules still being written elsewhere.
    if (/function "[^"]+" not defined/.test(msg)) return { id: c.id, skipped: msg, pass: true };
    if (c.error !== true) return { id: c.id, expected: c.output, actual: `ERROR ${msg}`, pass: false };
    const want = c.errorMessage ? lastCallError(c.errorMessage) : undefined;
    return {
      id: c.id,
      expected: want,
      actual: lastCallError(msg),
      pass: want === undefined || want === lastCallError(msg),
    };
  }
}

if (import.meta.main) {
  let pass = 0;
  let fail = 0;
  let skip = 0;
  for (const c of loadCases()) {
    const r = runCase(c);
    if (r.skipped) skip++;
    else if (r.pass) pass++;
    else {
      fail++;
      console.log(`FAIL ${r.id}\n  exp ${JSON.stringify(r.expected)}\n  got ${JSON.stringify(r.actual)}`);
    }
  }
  console.log(`${pass} passed, ${fail} failed, ${skip} skipped`);
}
