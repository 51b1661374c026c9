/**
 * The template executor: hand-built trees for the walk itself, then every case of the
 * syntax, builtins-logic, builtins-print, named-templates and errors-required-fail vectors
 * (recorded from Helm v3.17.3) that needs only builtins and the tiny function map below.
 *
 * The vectors run through Helm's `include` harness; the part of an error message after
 * `error calling include: ` is what executing `conformance/templates/_case0.tpl` yields.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  GoError,
  GoFunc,
  GoInt,
  GoStruct,
  goInt64,
  isTrue,
  kindOf,
  typeName,
  withType,
  SLICE_OF_INT,
} from '../../lib/go/value.ts';
import type { FuncMap, GoValue } from '../../lib/go/value.ts';
import type {
  ArgNode,
  CommandNode,
  ListNode,
  Node,
  PipeNode,
  VariableNode,
} from '../../lib/engine/template/node.ts';
import type { Tree } from '../../lib/engine/template/parse.ts';
import {
  TemplateExecError,
  TemplateParseError,
  TemplateSet,
  isEmptyTree,
} from '../../lib/engine/template/index.ts';
import { sprint } from '../../lib/go/fmt.ts';

// ---------------------------------------------------------------------------------------------
// Hand-built trees (positions are irrelevant for output tests)
// ---------------------------------------------------------------------------------------------

const list = (...nodes: Node[]): ListNode => ({ type: 'list', pos: 0, nodes });
const text = (t: string): Node => ({ type: 'text', pos: 0, text: t });
const field = (...ident: string[]): ArgNode => ({ type: 'field', pos: 0, ident });
const variable = (...ident: string[]): VariableNode => ({ type: 'variable', pos: 0, ident });
const ident = (name: string): ArgNode => ({ type: 'identifier', pos: 0, ident: name });
const str = (s: string): ArgNode => ({ type: 'string', pos: 0, quoted: JSON.stringify(s), text: s });
const dot = (): ArgNode => ({ type: 'dot', pos: 0 });
const num = (n: number): ArgNode => ({
  type: 'number',
  pos: 0,
  isInt: Number.isInteger(n),
  isUint: Number.isInteger(n) && n >= 0,
  isFloat: true,
  isComplex: false,
  int64: BigInt(Math.trunc(n)),
  uint64: BigInt(Math.max(0, Math.trunc(n))),
  float64: n,
  text: String(n),
});
const cmd = (...args: ArgNode[]): CommandNode => ({ type: 'command', pos: 0, args });
const pipe = (cmds: CommandNode[], decl: VariableNode[] = [], isAssign = false): PipeNode => ({
  type: 'pipe',
  pos: 0,
  line: 1,
  isAssign,
  decl,
  cmds,
});
const action = (p: PipeNode): Node => ({ type: 'action', pos: 0, line: 1, pipe: p });
const act = (...args: ArgNode[]): Node => action(pipe([cmd(...args)]));
const ifNode = (p: PipeNode, l: ListNode, e: ListNode | null = null): Node => ({
  type: 'if',
  pos: 0,
  line: 1,
  pipe: p,
  list: l,
  elseList: e,
});
const withNode = (p: PipeNode, l: ListNode, e: ListNode | null = null): Node => ({
  type: 'with',
  pos: 0,
  line: 1,
  pipe: p,
  list: l,
  elseList: e,
});
const rangeNode = (p: PipeNode, l: ListNode, e: ListNode | null = null): Node => ({
  type: 'range',
  pos: 0,
  line: 1,
  pipe: p,
  list: l,
  elseList: e,
});
const tmplNode = (name: string, p: PipeNode | null): Node => ({
  type: 'template',
  pos: 0,
  line: 1,
  name,
  pipe: p,
});
const brk: Node = { type: 'break', pos: 0, line: 1 };
const cont: Node = { type: 'continue', pos: 0, line: 1 };
const tree = (name: string, root: ListNode): Tree => ({ name, parseName: name, root, text: '' });

function runTree(
  root: ListNode,
  data: GoValue,
  funcs: FuncMap = {},
  extra: Record<string, ListNode> = {},
): string {
  const set = new TemplateSet(funcs, { missingKey: 'zero' });
  set.addTree('t', tree('t', root));
  for (const [name, l] of Object.entries(extra)) set.addTree(name, tree(name, l));
  return set.execute('t', data);
}

const values = new Map<string, GoValue>([
  ['str', 'hello'],
  ['list', ['a', 'b', 'c']],
  [
    'map',
    new Map<string, GoValue>([
      ['b', 'B'],
      ['a', 'A'],
    ]),
  ],
  ['empty', ''],
  ['nil', null],
  ['nested', new Map<string, GoValue>([['a', new Map<string, GoValue>([['b', 'deep']])]])],
]);
const root = new Map<string, GoValue>([['Values', values]]);

describe('exec: walk over hand-built trees', () => {
  it('prints text, strings, ints, bools and missing values', () => {
    assert.equal(
      runTree(list(text('a'), act(str('b')), act(num(42)), act({ type: 'bool', pos: 0, value: true })), null),
      'ab42true',
    );
    assert.equal(
      runTree(list(act(field('Values', 'str')), act(field('Values', 'nothere'))), root),
      'hello<no value>',
    );
    assert.equal(runTree(list(act(field('Values', 'nil'))), root), '<no value>');
    assert.equal(runTree(list(act(field('Values', 'nested', 'a', 'b'))), root), 'deep');
  });

  it('if / else and with / else', () => {
    const t = (cond: ArgNode) => list(ifNode(pipe([cmd(cond)]), list(text('T')), list(text('F'))));
    assert.equal(runTree(t(field('Values', 'str')), root), 'T');
    assert.equal(runTree(t(field('Values', 'empty')), root), 'F');
    assert.equal(runTree(t(field('Values', 'nothere')), root), 'F');
    const w = list(withNode(pipe([cmd(field('Values', 'nested'))]), list(act(field('a', 'b')))));
    assert.equal(runTree(w, root), 'deep');
    const wElse = list(withNode(pipe([cmd(field('Values', 'nil'))]), list(text('x')), list(text('none'))));
    assert.equal(runTree(wElse, root), 'none');
  });

  it('range over slices and maps (sorted keys), with variables, else, break and continue', () => {
    const r1 = list(rangeNode(pipe([cmd(field('Values', 'list'))]), list(act(dot()), text(','))));
    assert.equal(runTree(r1, root), 'a,b,c,');
    const r2 = list(
      rangeNode(
        pipe([cmd(field('Values', 'map'))], [variable('$k'), variable('$v')]),
        list(act(variable('$k')), text('='), act(variable('$v')), text(';')),
      ),
    );
    assert.equal(runTree(r2, root), 'a=A;b=B;');
    const r3 = list(rangeNode(pipe([cmd(field('Values', 'nothere'))]), list(text('x')), list(text('none'))));
    assert.equal(runTree(r3, root), 'none');
    const eqB = pipe([cmd(ident('eq'), dot(), str('b'))]);
    const r4 = list(
      rangeNode(pipe([cmd(field('Values', 'list'))]), list(ifNode(eqB, list(brk)), act(dot()))),
    );
    assert.equal(runTree(r4, root), 'a');
    const r5 = list(
      rangeNode(pipe([cmd(field('Values', 'list'))]), list(ifNode(eqB, list(cont)), act(dot()))),
    );
    assert.equal(runTree(r5, root), 'ac');
    const r6 = list(
      rangeNode(
        pipe([cmd(field('Values', 'list'))], [variable('$i'), variable('$v')]),
        list(act(variable('$i'))),
      ),
    );
    assert.equal(runTree(r6, root), '012');
  });

  it('variables: declaration, assignment, scoping and $', () => {
    const t = list(
      action(pipe([cmd(str('outer'))], [variable('$x')])),
      ifNode(
        pipe([cmd({ type: 'bool', pos: 0, value: true })]),
        list(action(pipe([cmd(str('inner'))], [variable('$x')], true))),
      ),
      act(variable('$x')),
      withNode(pipe([cmd(field('Values', 'nested'))]), list(act(variable('$', 'Values', 'str')))),
    );
    assert.equal(runTree(t, root), 'innerhello');
  });

  it('pipelines pass the previous value as the last argument', () => {
    const upper = new GoFunc({
      name: 'upper',
      params: ['string'],
      result: 'string',
      fn: (s) => (s as string).toUpperCase(),
    });
    const t = list(action(pipe([cmd(field('Values', 'str')), cmd(ident('upper'))])));
    assert.equal(runTree(t, root, { upper }), 'HELLO');
    const p = list(action(pipe([cmd(str('x')), cmd(ident('printf'), str('%s-%s'), str('y'))])));
    assert.equal(runTree(p, null), 'y-x');
  });

  it('template invocations get their own $ and dot', () => {
    const t = list(tmplNode('inner', pipe([cmd(field('Values', 'str'))])));
    assert.equal(
      runTree(t, root, {}, { inner: list(text('['), act(dot()), text('|'), act(variable('$')), text(']')) }),
      '[hello|hello]',
    );
  });

  it('methods of typed maps and structs', () => {
    const table = (self: GoValue) =>
      new GoFunc({
        name: 'Table',
        params: ['string'],
        result: 'string',
        fn: (k) => `${(self as Map<string, GoValue>).size}:${String(k)}`,
      });
    const typedMap = withType(new Map<string, GoValue>([['a', 'x']]), {
      name: 'chartutil.Values',
      elem: 'interface {}',
      underlying: 'map[string]interface {}',
      methods: { Table: table },
    });
    const meta = new GoStruct({
      type: '*chart.Metadata',
      fields: [{ name: 'Name', type: 'string', value: 'mychart' }],
      methods: { Greet: new GoFunc({ name: 'Greet', params: [], result: 'string', fn: () => 'hi' }) },
    });
    const data = new Map<string, GoValue>([
      ['V', typedMap],
      ['Chart', meta],
    ]);
    const t = list(
      act(field('V', 'Table'), str('k')),
      act(field('Chart', 'Name')),
      act(field('Chart', 'Greet')),
    );
    assert.equal(runTree(t, data), '1:kmycharthi');
  });

  it("promotes fields and methods of embedded structs (Helm's .Chart)", () => {
    const meta = new GoStruct({
      type: 'chart.Metadata',
      pointer: false,
      fields: [{ name: 'Name', type: 'string', value: 'mychart' }],
      methods: { Validate: new GoFunc({ name: 'Validate', params: [], result: 'string', fn: () => 'ok' }) },
    });
    const chart = new GoStruct({
      type: 'struct { chart.Metadata; IsRoot bool }',
      pointer: false,
      fields: [
        { name: 'Metadata', type: 'chart.Metadata', value: meta },
        { name: 'IsRoot', type: 'bool', value: true },
      ],
    });
    const data = new Map<string, GoValue>([['Chart', chart]]);
    const t = list(
      act(field('Chart', 'Name')),
      act(field('Chart', 'IsRoot')),
      act(field('Chart', 'Validate')),
    );
    assert.equal(runTree(t, data), 'mycharttrueok');
  });

  it('isEmptyTree follows Go', () => {
    assert.equal(isEmptyTree(list(text(' \n\t'), { type: 'comment', pos: 0, text: '/* c */' })), true);
    assert.equal(isEmptyTree(list(text(' x '))), false);
    assert.equal(isEmptyTree(list(act(str('')))), false);
  });

  it('addTree keeps a non-empty template over an empty redefinition; clone does not leak back', () => {
    const set = new TemplateSet({});
    set.addTree('d', tree('d', list(text('full'))));
    set.addTree('d', tree('d', list(text('  '))));
    assert.equal(set.execute('d', null), 'full');
    const c = set.clone();
    c.addTree('d', tree('d', list(text('other'))));
    c.addTree('new', tree('new', list(text('n'))));
    assert.equal(set.execute('d', null), 'full');
    assert.equal(set.has('new'), false);
    assert.equal(c.execute('d', null), 'other');
    assert.deepEqual(c.names().sort(), ['d', 'new']);
  });

  it('a missing template names the set', () => {
    const set = new TemplateSet({});
    assert.throws(() => set.execute('nope', null), {
      name: 'TemplateExecError',
      message: 'template: no template "nope" associated with template "gotpl"',
    });
  });

  it('functions may execute the same set again (include is re-entrant)', () => {
    const set = new TemplateSet({}, { missingKey: 'zero' });
    const include = new GoFunc({
      name: 'include',
      params: ['string', 'interface {}'],
      result: 'string',
      fn: (name, data) => set.execute(name as string, data),
    });
    Object.assign(set.funcs, { include });
    set.addTree('inner', tree('inner', list(text('<'), act(dot()), text('>'))));
    set.addTree('outer', tree('outer', list(act(ident('include'), str('inner'), field('Values', 'str')))));
    assert.equal(set.execute('outer', root), '<hello>');
  });

  it('a non-Go exception inside a function is rethrown as is', () => {
    const boom = new GoFunc({
      name: 'boom',
      params: [],
      result: 'string',
      fn: () => {
        throw new TypeError('bug');
      },
    });
    assert.throws(() => runTree(list(act(ident('boom'))), null, { boom }), TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Parsed templates: messages verified with the real helm v3.17.3 binary
// ---------------------------------------------------------------------------------------------

describe('exec: parsed templates (messages verified with Helm v3.17.3)', () => {
  const VT = { name: 'chartutil.Values', elem: 'interface {}', underlying: 'map[string]interface {}' };
  const data = withType(
    new Map<string, GoValue>([
      [
        'Values',
        withType(
          new Map<string, GoValue>([
            ['str', 'hello'],
            ['list', ['a', 'b', 'c']],
            ['nil', null],
          ]),
          VT,
        ),
      ],
      ['Release', new Map<string, GoValue>([['Name', 'r']])],
    ]),
    VT,
  );
  const list = new GoFunc({
    name: 'list',
    params: [],
    variadic: 'interface {}',
    result: '[]interface {}',
    fn: (...a) => a,
  });

  function run(template: string, missingKey: 'default' | 'zero' | 'error' = 'zero'): string {
    const set = new TemplateSet({ list }, { missingKey });
    set.addFile('t.tpl', template);
    return set.execute('t.tpl', data);
  }

  function fails(template: string, message: string, missingKey: 'default' | 'zero' | 'error' = 'zero'): void {
    assert.throws(
      () => run(template, missingKey),
      (e: unknown) => e instanceof TemplateExecError && e.message === `template: t.tpl:${message}`,
      template,
    );
  }

  it('field errors name the static type of the receiver', () => {
    fails(
      '{{ $x := 1 }}{{ $x.y }}',
      '1:18: executing "t.tpl" at <$x.y>: can\'t evaluate field y in type int',
    );
    fails(
      '{{ .Values.list.x }}',
      '1:10: executing "t.tpl" at <.Values.list.x>: can\'t evaluate field x in type interface {}',
    );
    fails(
      '{{ .Release.Name.x }}',
      '1:11: executing "t.tpl" at <.Release.Name.x>: can\'t evaluate field x in type interface {}',
    );
    fails(
      '{{ $x := .Values.str }}{{ $x.y }}',
      '1:28: executing "t.tpl" at <$x.y>: can\'t evaluate field y in type string',
    );
    fails(
      '{{ (list 1).x }}',
      '1:9: executing "t.tpl" at <1>: can\'t evaluate field x in type []interface {}',
    );
    fails('{{ (1).x }}', '1:4: executing "t.tpl" at <1>: can\'t evaluate field x in type int');
  });

  it('nil pointers under missingkey=zero, and the other missingkey modes', () => {
    fails(
      '{{ $.Values.nothere.x }}',
      '1:4: executing "t.tpl" at <$.Values.nothere.x>: nil pointer evaluating interface {}.x',
    );
    fails(
      '{{ if .Values.nothere.x }}{{ end }}',
      '1:13: executing "t.tpl" at <.Values.nothere.x>: nil pointer evaluating interface {}.x',
    );
    fails(
      '{{ .Values.nil.x }}',
      '1:10: executing "t.tpl" at <.Values.nil.x>: nil pointer evaluating interface {}.x',
    );
    assert.equal(run('{{ .Values.nothere.x }}', 'default'), '<no value>');
    assert.equal(run('{{ (.Values.nothere).x }}'), '<no value>');
    fails(
      '{{ .Values.nothere }}',
      '1:10: executing "t.tpl" at <.Values.nothere>: map has no entry for key "nothere"',
      'error',
    );
  });

  it('range, template and argument errors', () => {
    fails(
      '{{ range .Values.str }}{{ end }}',
      '1:16: executing "t.tpl" at <.Values.str>: range can\'t iterate over hello',
    );
    fails('{{ range $i, $v := 3 }}{{ end }}', '1:19: executing "t.tpl" at <3>: range can\'t iterate over 3');
    fails(
      '{{ template "nope" }}',
      '1:12: executing "t.tpl" at <{{template "nope"}}>: template "nope" not defined',
    );
    fails(
      '{{ with $x := .Values.list }}{{ $x 1 }}{{ end }}',
      '1:32: executing "t.tpl" at <$x>: can\'t give argument to non-function $x',
    );
    fails(
      '{{ $x := .Values.nothere }}{{ printf $x }}',
      '1:37: executing "t.tpl" at <$x>: invalid value; expected string',
    );
  });

  it('a pointer-receiver String applies to addressable values only', () => {
    // helm v3.17.3 (chartutil.KubeVersion has `func (kv *KubeVersion) String()`):
    // actions on .Capabilities.KubeVersion print v1.32.0, a copy passed on prints its fields.
    const kube = new GoStruct({
      type: 'chartutil.KubeVersion',
      pointer: false,
      fields: [
        { name: 'Version', type: 'string', value: 'v1.32.0' },
        { name: 'Major', type: 'string', value: '1' },
        { name: 'Minor', type: 'string', value: '32' },
      ],
      stringer: () => 'v1.32.0',
      stringerOnPointer: true,
    });
    const caps = new GoStruct({
      type: '*chartutil.Capabilities',
      fields: [{ name: 'KubeVersion', type: 'chartutil.KubeVersion', value: kube }],
    });
    const funcs: FuncMap = {
      list: new GoFunc({
        name: 'list',
        params: [],
        variadic: 'interface {}',
        result: '[]interface {}',
        fn: (...a) => a,
      }),
      toString: new GoFunc({
        name: 'toString',
        params: ['interface {}'],
        result: 'string',
        fn: (v) => sprint([v]),
      }),
    };
    const set = new TemplateSet(funcs, { missingKey: 'zero' });
    const run = (template: string): string => {
      set.addFile('k.tpl', template);
      return set.execute('k.tpl', new Map<string, GoValue>([['Capabilities', caps]]));
    };
    const cases: [string, string][] = [
      ['{{ .Capabilities.KubeVersion }}', 'v1.32.0'],
      ['{{ (.Capabilities.KubeVersion) }}', 'v1.32.0'],
      ['{{ $k := .Capabilities.KubeVersion }}{{ $k }}', 'v1.32.0'],
      ['{{ with .Capabilities.KubeVersion }}{{ . }}{{ end }}', 'v1.32.0'],
      ['{{ range list .Capabilities.KubeVersion }}{{ . }}{{ end }}', '{v1.32.0 1 32}'],
      ['{{ .Capabilities.KubeVersion | toString }}', '{v1.32.0 1 32}'],
      ['{{ print .Capabilities.KubeVersion }}', '{v1.32.0 1 32}'],
      ['{{ printf "%v" .Capabilities.KubeVersion }}', '{v1.32.0 1 32}'],
      ['{{ list .Capabilities.KubeVersion }}', '[{v1.32.0 1 32}]'],
      ['{{ .Capabilities }}', '{{v1.32.0 1 32}}'],
    ];
    for (const [template, want] of cases) assert.equal(run(template), want, template);
  });

  it('struct fields, methods and stringers', () => {
    const kube = new GoStruct({
      type: 'chartutil.KubeVersion',
      pointer: false,
      fields: [
        { name: 'Version', type: 'string', value: 'v1.32.0' },
        { name: 'Major', type: 'string', value: '1' },
      ],
      stringer: () => 'v1.32.0',
    });
    const caps = new GoStruct({
      type: '*chartutil.Capabilities',
      fields: [{ name: 'KubeVersion', type: 'chartutil.KubeVersion', value: kube }],
    });
    const files = withType(new Map<string, GoValue>(), {
      name: 'engine.files',
      elem: '[]uint8',
      methods: {
        Get: () =>
          new GoFunc({ name: 'Get', params: ['string'], result: 'string', fn: (n) => `file ${String(n)}` }),
      },
    });
    const top = withType(
      new Map<string, GoValue>([
        ['Capabilities', caps],
        ['Files', files],
        [
          'Chart',
          new GoStruct({ type: '*chart.Metadata', fields: [{ name: 'Name', type: 'string', value: 'c' }] }),
        ],
      ]),
      VT,
    );
    const exec = (template: string): string => {
      const set = new TemplateSet({}, { missingKey: 'zero' });
      set.addFile('t.tpl', template);
      return set.execute('t.tpl', top);
    };
    const failsWith = (template: string, message: string): void =>
      assert.throws(
        () => exec(template),
        (e: unknown) => e instanceof TemplateExecError && e.message === `template: t.tpl:${message}`,
        template,
      );
    assert.equal(
      exec('{{ .Capabilities.KubeVersion }}|{{ .Files.Get "a" }}|{{ .Chart.Name }}'),
      'v1.32.0|file a|c',
    );
    failsWith(
      '{{ .Capabilities.KubeVersion.Major 1 }}',
      '1:16: executing "t.tpl" at <.Capabilities.KubeVersion.Major>: Major has arguments but cannot be invoked as function',
    );
    failsWith(
      '{{ .Capabilities.KubeVersion | .Major }}',
      '1:31: executing "t.tpl" at <.Major>: Major is not a method but has arguments',
    );
    failsWith(
      '{{ .Files.Get }}',
      '1:9: executing "t.tpl" at <.Files.Get>: wrong number of args for Get: want 1 got 0',
    );
    failsWith(
      '{{ .Chart.Name.x }}',
      '1:9: executing "t.tpl" at <.Chart.Name.x>: can\'t evaluate field x in type string',
    );
    failsWith(
      '{{ .Capabilities.KubeVersion.nope }}',
      '1:16: executing "t.tpl" at <.Capabilities.KubeVersion.nope>: can\'t evaluate field nope in type chartutil.KubeVersion',
    );
  });

  it("recursion ends with Go's depth error at the innermost template node", () => {
    fails(
      '{{ define "tinf" }}x{{ template "tinf" . }}{{ end }}{{ template "tinf" . }}',
      '1:32: executing "tinf" at <{{template "tinf" .}}>: exceeded maximum template depth (100000)',
    );
  });

  it("errors of nested executions are wrapped as the calling function's error", () => {
    const set = new TemplateSet({}, { missingKey: 'zero' });
    const include = new GoFunc({
      name: 'include',
      params: ['string', 'interface {}'],
      result: 'string',
      fn: (name, d) => set.execute(name as string, d),
    });
    Object.assign(set.funcs, { include });
    set.addFile('t.tpl', '{{ define "bad" }}{{ .x.y }}{{ end }}{{ include "bad" . }}{{ include "nope" . }}');
    assert.throws(
      () => set.execute('t.tpl', new Map([['x', null]])),
      (e: unknown) =>
        e instanceof TemplateExecError &&
        e.message ===
          'template: t.tpl:1:40: executing "t.tpl" at <include "bad" .>: error calling include: ' +
            'template: t.tpl:1:23: executing "bad" at <.x.y>: nil pointer evaluating interface {}.y',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Conformance vectors
// ---------------------------------------------------------------------------------------------

const conformanceDir = resolve(
  process.env.SLIPWAY_SHARED ?? resolve(import.meta.dirname, '..', '..', '..', 'shared'),
  'conformance',
  'templates',
);

interface Case {
  id: string;
  template: string;
  values?: string | null;
  files?: Record<string, string> | null;
  flags?: string[] | null;
  templateDir?: string | null;
  mode?: string | null;
  output?: string;
  outputPattern?: string;
  error?: boolean;
  errorMessage?: string;
}

function loadCases(category: string): Case[] {
  const file = JSON.parse(readFileSync(resolve(conformanceDir, `${category}.json`), 'utf8')) as {
    defaults?: Partial<Case>;
    cases: Case[];
  };
  return file.cases.map((c) => {
    const merged: Case = { ...(file.defaults ?? {}), ...c };
    for (const [k, v] of Object.entries(merged))
      if (v === null) delete (merged as unknown as Record<string, unknown>)[k];
    return merged;
  });
}

/** YAML (as Helm reads values: every number is a float64) to Go values. */
function toGo(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(toGo);
  if (typeof v === 'object')
    return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toGo(x)]));
  throw new Error(`unexpected YAML value ${String(v)}`);
}

const VALUES_TYPE = { name: 'chartutil.Values', elem: 'interface {}', underlying: 'map[string]interface {}' };

function topLevel(c: Case): GoValue {
  const vals = toGo(c.values ? parseYaml(c.values, { version: '1.1' }) : {});
  const valuesMap = withType(vals instanceof Map ? vals : new Map(), VALUES_TYPE);
  const kube = new GoStruct({
    type: 'chartutil.KubeVersion',
    pointer: false,
    fields: [
      { name: 'Version', type: 'string', value: 'v1.32.0' },
      { name: 'Major', type: 'string', value: '1' },
      { name: 'Minor', type: 'string', value: '32' },
    ],
  });
  const caps = new GoStruct({
    type: '*chartutil.Capabilities',
    fields: [{ name: 'KubeVersion', type: 'chartutil.KubeVersion', value: kube }],
  });
  const chart = new GoStruct({
    type: '*chart.Metadata',
    fields: [
      { name: 'Name', type: 'string', value: 'conformance' },
      { name: 'Version', type: 'string', value: '0.1.0' },
    ],
  });
  return withType(
    new Map<string, GoValue>([
      ['Values', valuesMap],
      [
        'Release',
        new Map<string, GoValue>([
          ['Name', 'my-release'],
          ['Namespace', 'default'],
          ['IsInstall', true],
          ['IsUpgrade', false],
          ['Revision', new GoInt('int', 1n)],
          ['Service', 'Helm'],
        ]),
      ],
      ['Chart', chart],
      ['Capabilities', caps],
      [
        'Template',
        withType(
          new Map<string, GoValue>([
            ['Name', 'conformance/templates/out.yaml'],
            ['BasePath', 'conformance/templates'],
          ]),
          VALUES_TYPE,
        ),
      ],
    ]),
    VALUES_TYPE,
  );
}

/** A few stand-ins for Sprig/Helm functions the vectors use, with their real Go signatures. */
function tinyFuncs(set: () => TemplateSet): FuncMap {
  const ANY = 'interface {}';
  const toInt64 = (v: GoValue): bigint => {
    if (v instanceof GoInt) return v.value;
    if (typeof v === 'number') return BigInt(Math.trunc(v));
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
    return 0n;
  };
  return {
    list: new GoFunc({ name: 'list', params: [], variadic: ANY, result: '[]interface {}', fn: (...a) => a }),
    dict: new GoFunc({
      name: 'dict',
      params: [],
      variadic: ANY,
      result: 'map[string]interface {}',
      fn: (...a) => {
        const m = new Map<string, GoValue>();
        for (let i = 0; i + 1 < a.length; i += 2)
          m.set(typeof a[i] === 'string' ? (a[i] as string) : sprint([a[i]]), a[i + 1]);
        if (a.length % 2 === 1) m.set(String(a[a.length - 1]), '');
        return m;
      },
    }),
    until: new GoFunc({
      name: 'until',
      params: ['int'],
      result: '[]int',
      fn: (n) =>
        withType(
          Array.from(
            { length: Math.max(0, Number((n as GoInt).value)) },
            (_, i) => new GoInt('int', BigInt(i)),
          ),
          SLICE_OF_INT,
        ),
    }),
    upper: new GoFunc({
      name: 'upper',
      params: ['string'],
      result: 'string',
      fn: (s) => (s as string).toUpperCase(),
    }),
    lower: new GoFunc({
      name: 'lower',
      params: ['string'],
      result: 'string',
      fn: (s) => (s as string).toLowerCase(),
    }),
    repeat: new GoFunc({
      name: 'repeat',
      params: ['int', 'string'],
      result: 'string',
      fn: (n, s) => (s as string).repeat(Number((n as GoInt).value)),
    }),
    typeOf: new GoFunc({
      name: 'typeOf',
      params: [ANY],
      result: 'string',
      fn: (v) => (v === null ? '<nil>' : typeName(v)),
    }),
    kindOf: new GoFunc({
      name: 'kindOf',
      params: [ANY],
      result: 'string',
      fn: (v) => (v === null ? 'invalid' : kindOf(v)),
    }),
    int: new GoFunc({ name: 'int', params: [ANY], result: 'int', fn: (v) => new GoInt('int', toInt64(v)) }),
    int64: new GoFunc({ name: 'int64', params: [ANY], result: 'int64', fn: (v) => goInt64(toInt64(v)) }),
    add: new GoFunc({
      name: 'add',
      params: [],
      variadic: ANY,
      result: 'int64',
      fn: (...a) => goInt64(a.reduce<bigint>((s, v) => s + toInt64(v), 0n)),
    }),
    sub: new GoFunc({
      name: 'sub',
      params: [ANY, ANY],
      result: 'int64',
      fn: (a, b) => goInt64(toInt64(a) - toInt64(b)),
    }),
    first: new GoFunc({
      name: 'first',
      params: [ANY],
      result: ANY,
      fn: (l) => {
        // Sprig's first dereferences a nil reflect.Value for nil and panics.
        if (l === null) throw new GoError('runtime error: invalid memory address or nil pointer dereference');
        if (!Array.isArray(l)) throw new GoError(`Cannot find first on type ${typeName(l)}`);
        return l.length === 0 ? null : l[0];
      },
    }),
    rest: new GoFunc({
      name: 'rest',
      params: [ANY],
      result: ANY,
      fn: (l) => (Array.isArray(l) ? l.slice(1) : null),
    }),
    default: new GoFunc({
      name: 'default',
      params: [ANY],
      variadic: ANY,
      result: ANY,
      fn: (d, ...given) => (given.length === 0 || !isTrue(given[0]) ? d : given[0]),
    }),
    include: new GoFunc({
      name: 'include',
      params: ['string', ANY],
      result: 'string',
      fn: (name, data) => set().execute(name as string, data),
    }),
  };
}

/** Helm's file order: deepest paths first, then reverse alphabetical. */
function helmOrder(paths: string[]): string[] {
  return [...paths].sort((a, b) => {
    const da = a.split('/').length;
    const db = b.split('/').length;
    if (da !== db) return db - da;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

type Outcome = { kind: 'pass' } | { kind: 'skip'; reason: string } | { kind: 'fail'; detail: string };

const INCLUDE_PREFIX =
  'template: conformance/templates/out.yaml:6:12: executing "conformance/templates/out.yaml" at <include "conformance/templates/_case0.tpl" .>: error calling include: ';

function runCase(c: Case): Outcome {
  if (c.flags || c.templateDir || c.mode) return { kind: 'skip', reason: 'needs Helm-level features' };
  if (c.outputPattern) return { kind: 'skip', reason: 'pattern' };
  // Helm replaces Go's slice with Sprig's; .Files needs Helm's objects.
  if (/\bslice\b|\.Files\b/.test(c.template)) return { kind: 'skip', reason: 'Helm-specific' };
  const funcs = tinyFuncs(() => set);
  const set = new TemplateSet(funcs, { missingKey: 'zero' });
  const files: Record<string, string> = { ...(c.files ?? {}), 'templates/_case0.tpl': c.template };
  const chartFiles = Object.keys(files).filter((p) => /(^|\/)templates\//.test(p));
  try {
    for (const p of helmOrder(chartFiles)) set.addFile(`conformance/${p}`, files[p]);
  } catch (e) {
    if (!(e instanceof TemplateParseError)) throw e;
    if (/function ".*" not defined/.test(e.message)) return { kind: 'skip', reason: 'needs other functions' };
    if (c.error && c.errorMessage?.startsWith('parse error')) return { kind: 'pass' };
    return { kind: 'fail', detail: `parse error: ${e.message}` };
  }
  let out: string;
  try {
    out = set.execute('conformance/templates/_case0.tpl', topLevel(c));
  } catch (e) {
    if (!(e instanceof TemplateExecError)) throw e;
    if (!c.error) return { kind: 'fail', detail: `unexpected error: ${e.message}` };
    if (!c.errorMessage?.startsWith(INCLUDE_PREFIX))
      return { kind: 'skip', reason: 'Helm-level error message' };
    const want = c.errorMessage.slice(INCLUDE_PREFIX.length);
    return e.message === want
      ? { kind: 'pass' }
      : { kind: 'fail', detail: `error\n  got:  ${e.message}\n  want: ${want}` };
  }
  if (c.error)
    return { kind: 'fail', detail: `expected error ${c.errorMessage}, got output ${JSON.stringify(out)}` };
  return out === c.output
    ? { kind: 'pass' }
    : { kind: 'fail', detail: `got ${JSON.stringify(out)}, want ${JSON.stringify(c.output)}` };
}

describe('exec: conformance vectors (Helm v3.17.3)', () => {
  for (const category of [
    'syntax',
    'builtins-logic',
    'builtins-print',
    'named-templates',
    'errors-required-fail',
  ]) {
    it(category, () => {
      const failures: string[] = [];
      let passed = 0;
      let skipped = 0;
      for (const c of loadCases(category)) {
        let r: Outcome;
        try {
          r = runCase(c);
        } catch (e) {
          r = { kind: 'fail', detail: `threw ${String(e)}` };
        }
        if (r.kind === 'pass') passed++;
        else if (r.kind === 'skip') {
          skipped++;
          if (process.env.SHOW_SKIPS) console.log(`skip ${c.id}: ${r.reason}`);
        } else failures.push(`${c.id}: ${r.detail}`);
      }
      assert.ok(passed > 0, `no case of ${category} ran`);
      assert.deepEqual(failures, [], `${category}: ${passed} passed, ${skipped} skipped`);
    });
  }
});
