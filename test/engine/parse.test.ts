import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  errorContext,
  isEmptyTree,
  nodeString,
  parse,
  parseComplex,
  TemplateParseError,
  type ParseOptions,
  type Tree,
} from '../../lib/engine/template/parse.ts';
import type {
  ActionNode,
  IfNode,
  ListNode,
  Node,
  NumberNode,
  StringNode,
} from '../../lib/engine/template/node.ts';

const FUNCS = new Set([
  'print',
  'printf',
  'upper',
  'len',
  'index',
  'eq',
  'quote',
  'include',
  'list',
  'required',
]);
const OPTIONS: ParseOptions = { hasFunction: (name) => FUNCS.has(name) };

function parseError(text: string, options: ParseOptions = OPTIONS, name = 'gotpl'): string {
  try {
    parse(name, text, options);
  } catch (e) {
    assert.ok(e instanceof TemplateParseError);
    return e.message;
  }
  return 'no error';
}

function top(text: string, options: ParseOptions = OPTIONS): ListNode {
  const tree = parse('t', text, options).get('t');
  assert.ok(tree);
  return tree.root;
}

/** Every node of a tree, depth first. */
function allNodes(node: Node, out: Node[] = []): Node[] {
  out.push(node);
  switch (node.type) {
    case 'list':
      for (const n of node.nodes) allNodes(n, out);
      break;
    case 'action':
      allNodes(node.pipe, out);
      break;
    case 'pipe':
      for (const n of node.decl) allNodes(n, out);
      for (const n of node.cmds) allNodes(n, out);
      break;
    case 'command':
      for (const n of node.args) allNodes(n, out);
      break;
    case 'chain':
      allNodes(node.node, out);
      break;
    case 'if':
    case 'range':
    case 'with':
      allNodes(node.pipe, out);
      allNodes(node.list, out);
      if (node.elseList) allNodes(node.elseList, out);
      break;
    case 'template':
      if (node.pipe) allNodes(node.pipe, out);
      break;
  }
  return out;
}

/**
 * Recorded from Helm v3.17.3 (`tpl`, which parses its text as "gotpl"): the template and Go's
 * parse error, or null when Helm parsed it without error.
 */
const HELM_PARSE_CASES: [string, string | null][] = [
  ['{{ "abc }}', 'template: gotpl:1: unterminated quoted string'],
  ['{{ "a\nb" }}', 'template: gotpl:1: unterminated quoted string'],
  ["{{ 'a }}", 'template: gotpl:1: unterminated character constant'],
  ['{{ `abc }}', 'template: gotpl:1: unterminated raw quoted string'],
  ['{{/* c }}', 'template: gotpl:1: unclosed comment'],
  ['{{/* c */ "x" }}', 'template: gotpl:1: comment ends before closing delimiter'],
  ['{{ (print "a" }}', 'template: gotpl:1: unclosed left paren'],
  ['{{ ) }}', 'template: gotpl:1: unexpected right paren'],
  ['{{ print "a" ', 'template: gotpl:1: unclosed action'],
  ['x\n{{ if\n\n', 'template: gotpl:4: unclosed action started at gotpl:2'],
  ['{{ .a-b }}', "template: gotpl:1: bad character U+002D '-'"],
  ['{{ $x := 1 }}{{ $x+2 }}', "template: gotpl:1: bad character U+002B '+'"],
  ['{{ 3abc }}', 'template: gotpl:1: bad number syntax: "3a"'],
  ['{{ print : 1 }}', 'template: gotpl:1: expected :='],
  ['{{ "a" € }}', "template: gotpl:1: unrecognized character in action: U+20AC '€'"],
  ['{{ "a" \u0001 }}', 'template: gotpl:1: unrecognized character in action: U+0001'],
  ['{{ print\n"a" ', 'template: gotpl:2: unclosed action started at gotpl:1'],
  ['{{ "\\q" }}', 'template: gotpl:1: invalid syntax'],
  ["{{ '\\q' }}", 'template: gotpl:1: invalid syntax'],
  ["{{ 'ab' }}", "template: gotpl:1: malformed character constant: 'ab'"],
  ["{{ '' }}", 'template: gotpl:1: invalid syntax'],
  ["{{ '\\x41' }}{{ '\\u00e9' }}{{ 'é' }}{{ '\\'' }}", null],
  ['{{ "\\x41\\u00e9\\U0001F600\\101\\a\\b\\f\\n\\r\\t\\v\\\\\\"" }}', null],
  ['{{ "\\\'" }}', 'template: gotpl:1: invalid syntax'],
  ['{{ "\\400" }}', 'template: gotpl:1: invalid syntax'],
  ['{{ "\\uD800" }}', 'template: gotpl:1: invalid syntax'],
  ['{{ 089 }}', 'template: gotpl:1: integer overflow: "089"'],
  ['{{ 99999999999999999999 }}', 'template: gotpl:1: integer overflow: "99999999999999999999"'],
  ['{{ 18446744073709551615 }}{{ 9223372036854775808 }}{{ -9223372036854775808 }}', null],
  ['{{ -9223372036854775809 }}', 'template: gotpl:1: integer overflow: "-9223372036854775809"'],
  ['{{ 1e400 }}', 'template: gotpl:1: illegal number syntax: "1e400"'],
  ['{{ 1e-400 }}', null],
  ['{{ 0x }}', 'template: gotpl:1: illegal number syntax: "0x"'],
  ['{{ 1_ }}', 'template: gotpl:1: illegal number syntax: "1_"'],
  ['{{ 1__0 }}', 'template: gotpl:1: illegal number syntax: "1__0"'],
  [
    '{{ 1_000 }}{{ 0x_1F }}{{ 0o17 }}{{ 0b101 }}{{ 017 }}{{ 1_000.5 }}{{ 0x1p-2 }}{{ 0X1P+2 }}{{ 1e3 }}{{ .5 }}{{ 5. }}{{ 1.5e-3 }}{{ +5 }}{{ -0 }}{{ -0.0 }}',
    null,
  ],
  ['{{ 0x1.8 }}', 'template: gotpl:1: illegal number syntax: "0x1.8"'],
  ['{{ 1+2 }}', 'template: gotpl:1: bad number syntax: "1+2"'],
  ['{{ 1+2i }}{{ 2i }}{{ 0i }}{{ 1e3i }}{{ 1.5-2.5i }}', null],
  ['{{ 0x2i }}', 'template: gotpl:1: illegal number syntax: "0x2i"'],
  ['{{ 0b102 }}', 'template: gotpl:1: bad number syntax: "0b102"'],
  ['{{ 0o8 }}', 'template: gotpl:1: bad number syntax: "0o8"'],
  ['{{ 08.5 }}', null],
  ['{{ 0x1p }}', 'template: gotpl:1: illegal number syntax: "0x1p"'],
  ['{{ 1e }}', 'template: gotpl:1: illegal number syntax: "1e"'],
  ['{{ 1e+ }}', 'template: gotpl:1: illegal number syntax: "1e+"'],
  ['{{ -"a" }}', 'template: gotpl:1: illegal number syntax: "-"'],
  ['{{-"a"}}', 'template: gotpl:1: illegal number syntax: "-"'],
  ['{{-/* c */}}', 'template: gotpl:1: illegal number syntax: "-"'],
  ['{{ 3-}}', 'template: gotpl:1: bad number syntax: "3-"'],
  ['{{ if }}', 'template: gotpl:1: missing value for if'],
  ['{{ range }}', 'template: gotpl:1: missing value for range'],
  ['{{ with }}', 'template: gotpl:1: missing value for with'],
  ['{{ }}', 'template: gotpl:1: missing value for command'],
  ['{{ () }}', 'template: gotpl:1: missing value for parenthesized pipeline'],
  ['{{ template }}', 'template: gotpl:1: unexpected "}}" in template clause'],
  ['{{ template .x }}', 'template: gotpl:1: unexpected ".x" in template clause'],
  ['{{ template "x" | print }}', 'template: gotpl:1: unexpected "|" in template clause'],
  ['{{ define "a" }}', 'template: gotpl:1: unexpected EOF'],
  ['{{ define a }}{{ end }}', 'template: gotpl:1: unexpected "a" in define clause'],
  ['{{ define "a" . }}{{end}}', 'template: gotpl:1: unexpected <.> in define clause'],
  [
    '{{ define "abcdefghijklmnop" "abcdefghijklmnop" }}{{ end }}',
    'template: gotpl:1: unexpected "\\"abcdefghi"... in define clause',
  ],
  ['{{ define "\\q" }}{{ end }}', 'template: gotpl:1: invalid syntax'],
  ['{{ end }}', 'template: gotpl:1: unexpected {{end}}'],
  ['{{ else }}', 'template: gotpl:1: unexpected {{else}}'],
  ['{{ if 1 }}{{ else }}{{ else }}{{ end }}', 'template: gotpl:1: expected end; found {{else}}'],
  ['{{ if 1 }}{{ end x }}', 'template: gotpl:1: unexpected "x" in end'],
  ['{{ if 1 }}{{ else x }}{{ end }}', 'template: gotpl:1: unexpected "x" in else'],
  ['{{ with 1 }}{{ else if 2 }}{{ end }}', 'template: gotpl:1: unexpected <if> in input'],
  ['{{ range . }}{{ else with 1 }}{{ end }}', 'template: gotpl:1: unexpected <with> in input'],
  ['{{ if 1 }}{{ else with 1 }}{{ end }}', 'template: gotpl:1: unexpected <with> in input'],
  ['{{ with 1 }}{{ else with 2 }}b{{ else }}c{{ end }}', null],
  ['{{ break }}', 'template: gotpl:1: {{break}} outside {{range}}'],
  ['{{ continue }}', 'template: gotpl:1: {{continue}} outside {{range}}'],
  ['{{ range . }}{{ break 1 }}{{ end }}', 'template: gotpl:1: unexpected "1" in {{break}}'],
  ['{{ range . }}{{ continue 1 }}{{ end }}', 'template: gotpl:1: unexpected "1" in {{continue}}'],
  ['{{ range . }}{{ else }}{{ break }}{{ end }}', 'template: gotpl:1: {{break}} outside {{range}}'],
  ['{{ range . }}{{ if 1 }}{{ break }}{{ continue }}{{ end }}{{ end }}', null],
  [
    '{{ range . }}{{ block "b" . }}{{ break }}{{ end }}{{ end }}',
    'template: gotpl:1: {{break}} outside {{range}}',
  ],
  ['{{ range . }}{{ define "x" }}{{ end }}{{ end }}', 'template: gotpl:1: unexpected <define> in command'],
  ['{{ $x }}', 'template: gotpl:1: undefined variable "$x"'],
  ['{{ $x := 1 }}{{ if 1 }}{{ $y := 2 }}{{ end }}{{ $y }}', 'template: gotpl:1: undefined variable "$y"'],
  ['{{ $x := 1 }}{{ define "t" }}{{ $x }}{{ end }}', 'template: gotpl:1: undefined variable "$x"'],
  ['{{ range $i, $v, $w := . }}{{ end }}', 'template: gotpl:1: too many declarations in range'],
  ['{{ range $i, 1 }}{{ end }}', 'template: gotpl:1: range can only initialize variables'],
  ['{{ range $i, }}{{ end }}', 'template: gotpl:1: missing value for range'],
  ['{{ range $i, $v := . }}{{ $i }}{{ $v }}{{ end }}{{ $i }}', 'template: gotpl:1: undefined variable "$i"'],
  ['{{ $a, $b := 1 }}', 'template: gotpl:1: too many declarations in command'],
  ['{{ with $a, $b := 1 }}{{ end }}', 'template: gotpl:1: too many declarations in with'],
  ['{{ print | 1 }}', 'template: gotpl:1: non executable command in pipeline stage 2'],
  ['{{ print | print | . }}', 'template: gotpl:1: non executable command in pipeline stage 3'],
  ['{{ print | print | nil }}', 'template: gotpl:1: non executable command in pipeline stage 3'],
  ['{{ print | "a" }}', 'template: gotpl:1: non executable command in pipeline stage 2'],
  ['{{ print | true }}', 'template: gotpl:1: non executable command in pipeline stage 2'],
  ['{{ print | (1) }}', null],
  ['{{ | print }}', 'template: gotpl:1: unexpected "|" in command'],
  ['{{ print | }}', null],
  ['{{ print || print }}', 'template: gotpl:1: unexpected "|" in command'],
  ['{{ "a".x }}', 'template: gotpl:1: unexpected . after term "\\"a\\""'],
  ['{{ nil }}', null],
  ['{{ print nil.x }}', 'template: gotpl:1: unexpected . after term "nil"'],
  ['{{ print 1.x }}', 'template: gotpl:1: bad number syntax: "1.x"'],
  ['{{ print true.x }}', 'template: gotpl:1: unexpected . after term "true"'],
  ['{{ print ..x }}', 'template: gotpl:1: unexpected . after term "."'],
  ['{{ (1).x }}{{ (.).x }}', null],
  ['{{ $.x }}{{ $ }}', null],
  ['{{ nofunc }}', 'template: gotpl:1: function "nofunc" not defined'],
  ['{{ print nofunc }}', 'template: gotpl:1: function "nofunc" not defined'],
  ['{{ print if }}', 'template: gotpl:1: unexpected <if> in operand'],
  ['{{ print "a" # }}', 'template: gotpl:1: unexpected "#" in operand'],
  ['{{ print 1 2 , }}', 'template: gotpl:1: unexpected "," in operand'],
  ['{{ 1 := 2 }}', 'template: gotpl:1: unexpected ":=" in operand'],
  ['{{ $x = 1 }}', null],
  ['{{ $x := }}', 'template: gotpl:1: missing value for command'],
  ['{{ $x := 1 }}{{ $x.a.b }}', null],
  ['{{ .a..b }}', 'template: gotpl:1: unexpected <.> in operand'],
  ['{{ .a.1 }}', 'template: gotpl:1: unexpected ".1" in operand'],
  ["{{ print\n 'ab }}", 'template: gotpl:2: unterminated character constant in action started at gotpl:1'],
  ['{{ "a" }}\n{{ "b" ', 'template: gotpl:2: unclosed action'],
  ['a\nb\n{{ if }}', 'template: gotpl:3: missing value for if'],
  ['{{ if 1 }}\n\n', 'template: gotpl:3: unexpected EOF'],
  ['{{ define "a" }}\n{{ else }}\n{{ end }}', 'template: gotpl:2: unexpected {{else}} in define clause'],
  ['{{ block "x" . }}\n{{ else }}', 'template: gotpl:1: unexpected {{else}} in block clause'],
  [
    '{{ define "a" }}1{{ end }}{{ define "a" }}2{{ end }}',
    'template: gotpl:1: template: multiple definition of template "a"',
  ],
  [
    '{{ define "a" }}1{{ end }}\n\n{{ define "a" }}2{{ end }}',
    'template: gotpl:3: template: multiple definition of template "a"',
  ],
  ['{{ define "a" }}1{{ end }}{{ define "a" }} {{ end }}{{ template "a" }}', null],
  ['{{ define "a" }}{{ end }}{{ define "a" }}2{{ end }}{{ template "a" }}', null],
  [
    '{{ block "b" . }}1{{ end }}\n{{ define "b" }}2{{ end }}',
    'template: gotpl:2: template: multiple definition of template "b"',
  ],
  [
    '{{ define "b" }}2{{ end }}{{ block "b" . }}1{{ end }}',
    'template: gotpl:1: template: multiple definition of template "b"',
  ],
  ['{{ if 1 }}a{{ else if 2 }}b{{ else if 3 }}c{{ else }}d{{ end }}', null],
  ['{{ if 1 }}a{{ else if 2 }}b{{ end }}{{ end }}', 'template: gotpl:1: unexpected {{end}}'],
  ['{{ print (print (print 1)) }}', null],
  ['{{ print "a" | printf "%s" }}', null],
  ['{{ printf "%d" (len "abc") | print }}', null],
  ['{{ if $x := 1 }}{{ $x }}{{ end }}{{ $x }}', 'template: gotpl:1: undefined variable "$x"'],
  ['{{ with $x := 1 }}{{ $x }}{{ else }}{{ $x }}{{ end }}', null],
  ['{{ $x := 1 }}{{ $x = 2 }}{{ $x }}', null],
  ['{{ print $x := 1 }}', 'template: gotpl:1: undefined variable "$x"'],
  ['{{ (1 | print) }}', null],
  ['{{ print (1) (2) }}', null],
  ['{{ print ( 1 ) }}', null],
  ['{{ print ("a" | print).x }}', null],
  ['{{ print )( }}', 'template: gotpl:1: unexpected right paren'],
  ['{{ $x := 1}}{{$x}}', null],
  ['{{ print "a"}}', null],
  ['{{.}}{{ . }}{{- . -}}', null],
  ['{{ print "a"-}}', 'template: gotpl:1: unexpected "-" in operand'],
  ['{{ print "a" -}}x', null],
  ['{{ print "a"\n-}}x', null],
  ['{{ print "a"\t-}}x', null],
  ['{{ print "a" \t -}}', null],
  ['{{ "a" }} {{- "b" }}', null],
  ['{{ "a" -}}\n\t {{ "b" }}', null],
  ['{{- "a" }}', null],
  ['{{ -1 }}{{ - 1 }}', 'template: gotpl:1: illegal number syntax: "-"'],
  ['{{ print -}}', null],
  ['{{ true }}{{ false }}{{ print true false }}', null],
  ['{{ if true }}{{ end}}', null],
  ['{{if true}}{{end}}', null],
  ["{{ 'a' | print }}", null],
  ["{{ print 'a'.x }}", 'template: gotpl:1: unexpected . after term "\'a\'"'],
  ['{{ printf "%v" 1.0 2 }}{{/* ok */}}', null],
  ['{{- /* a */ -}}  x  {{- /* b */}}', null],
  ['{{/* a */ -}}', null],
  ['{{ /* a */ }}', 'template: gotpl:1: unexpected "/" in command'],
  ['{{/*a*/}}{{/* a\n b */}}{{ "x" }}', null],
  ['{{ .a.b | print | upper }}{{ $.a }}', null],
  ['{{ template "x" . }}{{ define "x" }}y{{ end }}', null],
  ['{{ template `x` }}{{ define `x` }}y{{ end }}', null],
  ['{{ define "x\\ty" }}y{{ end }}{{ template "x\\ty" }}', null],
  ['{{ else if 1 }}', 'template: gotpl:1: unexpected {{else}}'],
  ['{{ if 1 }}{{ else if }}{{ end }}', 'template: gotpl:1: missing value for if'],
  ['{{ if 1 }}{{ else if 1 }}', 'template: gotpl:1: unexpected EOF'],
  ['{{ range .x }}{{ . }}{{ else }}e{{ end }}', null],
  ['{{ range $v := .x }}{{ end }}', null],
  ['{{ range $v = .x }}{{ end }}', null],
  ['{{ range $i, $v = .x }}{{ end }}', null],
  ['{{ $x, $y }}', 'template: gotpl:1: too many declarations in command'],
  ['{{ print $x, }}', 'template: gotpl:1: undefined variable "$x"'],
  ['{{ $x := 1 }}{{ print $x , }}', 'template: gotpl:1: unexpected "," in operand'],
  ['{{ $x := 1 }}{{ $x }}', null],
  ['{{ $x:=1 }}{{ $x }}', null],
  ['{{ $x:= 1 }}{{ $x }}', null],
  ['{{ $x :=1 }}{{ $x }}', null],
  ['{{ $x := 1 }}{{ $x| print }}', null],
  ['{{ print "\\U00110000" }}', 'template: gotpl:1: invalid syntax'],
  ['{{ print "\\u00e" }}', 'template: gotpl:1: invalid syntax'],
  ["{{ print 'é' }}", null],
  ["{{ print '\\400' }}", 'template: gotpl:1: invalid syntax'],
  ["{{ print '\\777' }}", 'template: gotpl:1: invalid syntax'],
  ["{{ print '😀' }}", null],
  ['{{ print "😀" }}', null],
  ['{{ print éa }}', 'template: gotpl:1: function "éa" not defined'],
  ['{{ print .é }}', null],
  ['{{ print $é := 1 }}', 'template: gotpl:1: undefined variable "$é"'],
  ['{{ é := 1 }}', 'template: gotpl:1: function "é" not defined'],
  ['{{ 1.2.3 }}', 'template: gotpl:1: unexpected ".3" in operand'],
  ['{{ 0x1.Fp0 }}', null],
  ['{{ 1e1_0 }}', null],
  ['{{ 0_1 }}', null],
  ['{{ 0_ }}', 'template: gotpl:1: illegal number syntax: "0_"'],
  ['{{ 00 }}{{ 08e1 }}', null],
  ['{{ 1i }}{{ -1i }}{{ 0x1p1i }}', null],
  ['{{ 1+1e3i }}', null],
  ['{{ 1e3+1i }}', null],
  ['{{ 0x1p3+0x1p1i }}', null],
  ['{{ 0x1+2i }}', 'template: gotpl:1: strconv.ParseFloat: parsing "0x1": invalid syntax'],
  ['{{ 1e400+1i }}', 'template: gotpl:1: strconv.ParseFloat: parsing "1e400": value out of range'],
  [
    '{{ print 9223372036854775807 18446744073709551616 }}',
    'template: gotpl:1: integer overflow: "18446744073709551616"',
  ],
  ['{{ 1e19 }}{{ 1e20 }}{{ -1e19 }}{{ 1.5 }}', null],
];

test('parse errors and successes match Helm', () => {
  for (const [text, expected] of HELM_PARSE_CASES) {
    const actual = parseError(text);
    assert.equal(actual, expected ?? 'no error', JSON.stringify(text));
  }
});

/**
 * Recorded from Helm v3.17.3 execution errors: template, tree executing, Go's
 * `template: LOCATION: executing "NAME" at <CONTEXT>`. Some node of that tree must give exactly
 * this location and context (0-based byte columns, full node text).
 */
const HELM_ERROR_CONTEXTS: [string, string, string, string][] = [
  [
    '{{ $x := .Values }}{{ $x.nothere.child }}',
    'c/templates/t.yaml',
    'c/templates/t.yaml:1:24',
    '$x.nothere.child',
  ],
  [
    '{{ define "d" }}\n  {{ .Values.nothere.x }}{{ end }}{{ include "d" . }}',
    'd',
    'c/templates/t.yaml:2:12',
    '.Values.nothere.x',
  ],
  [
    '{{ if .Values.nothere.y }}{{ end }}',
    'c/templates/t.yaml',
    'c/templates/t.yaml:1:13',
    '.Values.nothere.y',
  ],
  ['{{ index (list 1 2) 5 }}', 'c/templates/t.yaml', 'c/templates/t.yaml:1:3', 'index (list 1 2) 5'],
  ['{{ template "nope" }}', 'c/templates/t.yaml', 'c/templates/t.yaml:1:12', '{{template "nope"}}'],
  [
    '{{ range $i, $v := .Values.nothere.x }}{{ end }}',
    'c/templates/t.yaml',
    'c/templates/t.yaml:1:26',
    '.Values.nothere.x',
  ],
  [
    '{{ printf "%s" (index .Values.nothere.deeply.nested.value.here "k") }}',
    'c/templates/t.yaml',
    'c/templates/t.yaml:1:29',
    '.Values.nothere.deeply.nested.value.here',
  ],
  [
    '# é ü\n  x: {{ "日本" }} {{ .Values.nothere.x }}',
    'c/templates/t.yaml',
    'c/templates/t.yaml:2:30',
    '.Values.nothere.x',
  ],
  [
    '{{ with $v := .Values.nothere.x }}{{ end }}',
    'c/templates/t.yaml',
    'c/templates/t.yaml:1:21',
    '.Values.nothere.x',
  ],
  [
    '{{ 1 | printf "%d" | .Values.nothere.x }}',
    'c/templates/t.yaml',
    'c/templates/t.yaml:1:28',
    '.Values.nothere.x',
  ],
  ['{{ .Values.a | len }}', 'c/templates/t.yaml', 'c/templates/t.yaml:1:15', 'len'],
  ['{{ $.Values.nothere.x }}', 'c/templates/t.yaml', 'c/templates/t.yaml:1:4', '$.Values.nothere.x'],
  ['{{ (1).x }}', 'c/templates/t.yaml', 'c/templates/t.yaml:1:4', '1'],
  ['{{ nil }}', 'c/templates/t.yaml', 'c/templates/t.yaml:1:3', 'nil'],
  ["{{ 'a' | len }}", 'c/templates/t.yaml', 'c/templates/t.yaml:1:9', 'len'],
  ['{{ 1.5 | len }}', 'c/templates/t.yaml', 'c/templates/t.yaml:1:9', 'len'],
  ['{{ `raw` | len | len }}', 'c/templates/t.yaml', 'c/templates/t.yaml:1:17', 'len'],
  ['{{ true | len }}', 'c/templates/t.yaml', 'c/templates/t.yaml:1:10', 'len'],
  ['{{ template "t" 1 }}{{ define "t" }}{{ .x }}{{ end }}', 't', 'c/templates/t.yaml:1:39', '.x'],
  ['{{ block "b" 1 }}{{ .y }}{{ end }}', 'b', 'c/templates/t.yaml:1:20', '.y'],
  [
    '{{ $x := 1 }}{{ $x = (len .Values.a) }}',
    'c/templates/t.yaml',
    'c/templates/t.yaml:1:22',
    'len .Values.a',
  ],
  [
    '{{- /* c */ -}}\n{{ .Values.nothere.a }}',
    'c/templates/t.yaml',
    'c/templates/t.yaml:2:10',
    '.Values.nothere.a',
  ],
  ['\r\n{{ .Values.nothere.a }}', 'c/templates/t.yaml', 'c/templates/t.yaml:2:10', '.Values.nothere.a'],
];

test('errorContext gives the location and context Helm prints', () => {
  const file = 'c/templates/t.yaml';
  for (const [text, treeName, location, context] of HELM_ERROR_CONTEXTS) {
    const tree = parse(file, text, OPTIONS).get(treeName);
    assert.ok(tree, treeName);
    const contexts = allNodes(tree.root).map((n) => errorContext(tree, n));
    assert.ok(
      contexts.some((c) => c.location === location && c.context === context),
      `${JSON.stringify(text)}: no node at ${location} <${context}>; have ${JSON.stringify(contexts)}`,
    );
  }
});

test('errorContext counts columns in bytes from the line start, and lines from 1', () => {
  const text = 'é😀x\n  {{ .a }}';
  const tree = parse('f', text, OPTIONS).get('f') as Tree;
  const action = tree.root.nodes[1] as ActionNode;
  assert.deepEqual(errorContext(tree, action.pipe.cmds[0].args[0]), { location: 'f:2:5', context: '.a' });
  assert.deepEqual(errorContext(tree, tree.root.nodes[0]), { location: 'f:1:0', context: 'é😀x\n  ' });
  const first = parse('f', 'é😀{{ .b }}', OPTIONS).get('f') as Tree;
  const b = (first.root.nodes[1] as ActionNode).pipe;
  assert.deepEqual(errorContext(first, b), { location: 'f:1:9', context: '.b' });
});

test('the node tree of a template', () => {
  const root = top('a{{ $x := .b.c | print "s" 1 }}\n{{if .x}}y{{else}}z{{end}}');
  assert.deepEqual(root, {
    type: 'list',
    pos: 0,
    nodes: [
      { type: 'text', pos: 0, text: 'a' },
      {
        type: 'action',
        pos: 4,
        line: 1,
        pipe: {
          type: 'pipe',
          pos: 4,
          line: 1,
          isAssign: false,
          decl: [{ type: 'variable', pos: 4, ident: ['$x'] }],
          cmds: [
            { type: 'command', pos: 10, args: [{ type: 'field', pos: 12, ident: ['b', 'c'] }] },
            {
              type: 'command',
              pos: 17,
              args: [
                { type: 'identifier', pos: 17, ident: 'print' },
                { type: 'string', pos: 23, quoted: '"s"', text: 's' },
                {
                  type: 'number',
                  pos: 27,
                  isInt: true,
                  isUint: true,
                  isFloat: true,
                  isComplex: false,
                  int64: 1n,
                  uint64: 1n,
                  float64: 1,
                  text: '1',
                },
              ],
            },
          ],
        },
      },
      { type: 'text', pos: 31, text: '\n' },
      {
        type: 'if',
        pos: 37,
        line: 2,
        pipe: {
          type: 'pipe',
          pos: 37,
          line: 2,
          isAssign: false,
          decl: [],
          cmds: [{ type: 'command', pos: 37, args: [{ type: 'field', pos: 37, ident: ['x'] }] }],
        },
        list: { type: 'list', pos: 41, nodes: [{ type: 'text', pos: 41, text: 'y' }] },
        elseList: { type: 'list', pos: 50, nodes: [{ type: 'text', pos: 50, text: 'z' }] },
      },
    ],
  });
});

test('operands: chains, variables with fields, parenthesized pipelines', () => {
  const root = top('{{ $x := 1 }}{{ $x.a.b }}{{ (print 1).y.z }}{{ print.f }}{{ $.v }}');
  const args = root.nodes.slice(1).map((n) => (n as ActionNode).pipe.cmds[0].args[0]);
  assert.deepEqual(args[0], { type: 'variable', pos: 18, ident: ['$x', 'a', 'b'] });
  assert.equal(args[1].type, 'chain');
  assert.deepEqual(args[1].type === 'chain' && [args[1].pos, args[1].field, args[1].node.type], [
    37,
    ['y', 'z'],
    'pipe',
  ]);
  assert.deepEqual(args[2].type === 'chain' && [args[2].field, args[2].node.type], [['f'], 'identifier']);
  assert.deepEqual(args[3], { type: 'variable', pos: 61, ident: ['$', 'v'] });
  assert.equal(nodeString(root), '{{$x := 1}}{{$x.a.b}}{{(print 1).y.z}}{{print.f}}{{$.v}}');
});

test('nodeString of every node kind, as Go prints it', () => {
  const cases: [string, string][] = [
    ['text {{/* comment */}}', 'text '],
    ['{{ .a.b | printf "%s" ( print 1 ) }}', '{{.a.b | printf "%s" (print 1)}}'],
    ['{{ $x, $y := . }}', 'no parse'],
    [
      '{{ range $i, $v := . }}{{ $i }}{{ break }}{{ continue }}{{ else }}e{{ end }}',
      '{{range $i, $v := .}}{{$i}}{{break}}{{continue}}{{else}}e{{end}}',
    ],
    ['{{ with $x := `raw` }}{{ $x }}{{ end }}', '{{with $x := `raw`}}{{$x}}{{end}}'],
    ["{{ 'a' }}{{ 0x1F }}{{ 1e3 }}{{ -0.5 }}{{ 1+2i }}", "{{'a'}}{{0x1F}}{{1e3}}{{-0.5}}{{1+2i}}"],
    ['{{ nil | print }}{{ true }}{{ false }}{{ . }}', '{{nil | print}}{{true}}{{false}}{{.}}'],
    ['{{ template "x" }}{{ template `y` .z }}', '{{template "x"}}{{template "y" .z}}'],
    ['{{ template "a\\tb" }}', '{{template "a\\tb"}}'],
    ['{{ block "b" . }}body{{ end }}', '{{template "b" .}}'],
    ['{{ if 1 }}a{{ else if 2 }}b{{ end }}', '{{if 1}}a{{else}}{{if 2}}b{{end}}{{end}}'],
    ['{{ $x := 1 }}{{ $x = 2 }}', '{{$x := 1}}{{$x := 2}}'],
  ];
  for (const [text, expected] of cases) {
    if (expected === 'no parse') continue;
    assert.equal(nodeString(top(text)), expected, text);
  }
  // Comments kept in ParseComments mode print as Go's CommentNode.
  assert.equal(nodeString(top('a{{/* c */}}b', { ...OPTIONS, parseComments: true })), 'a{{/* c */}}b');
});

test('nodeString round trips: printing and reparsing gives the same text', () => {
  for (const [text, expected] of HELM_PARSE_CASES) {
    if (expected !== null || /define|block|\/\*/.test(text)) continue;
    const once = nodeString(parse('gotpl', text, OPTIONS).get('gotpl')!.root);
    const twice = nodeString(parse('gotpl', once, OPTIONS).get('gotpl')!.root);
    assert.equal(twice, once, JSON.stringify(text));
  }
});

function number(text: string): NumberNode {
  const n = (top(`{{ ${text} }}`).nodes[0] as ActionNode).pipe.cmds[0].args[0];
  assert.equal(n.type, 'number', text);
  return n as NumberNode;
}

function kinds(n: NumberNode): string {
  return [n.isInt && 'int', n.isUint && 'uint', n.isFloat && 'float', n.isComplex && 'complex']
    .filter(Boolean)
    .join(',');
}

test('number constants take every kind that can represent them', () => {
  const cases: [string, string, bigint, bigint, number][] = [
    ['42', 'int,uint,float', 42n, 42n, 42],
    ['1_000', 'int,uint,float', 1000n, 1000n, 1000],
    ['0x_1F', 'int,uint,float', 31n, 31n, 31],
    ['0o17', 'int,uint,float', 15n, 15n, 15],
    ['017', 'int,uint,float', 15n, 15n, 15],
    ['0b101', 'int,uint,float', 5n, 5n, 5],
    ['-7', 'int,float', -7n, 0n, -7],
    ['+5', 'int,float', 5n, 0n, 5],
    ['-0', 'int,uint,float', 0n, 0n, 0],
    ['1.5', 'float', 0n, 0n, 1.5],
    ['1_000.5', 'float', 0n, 0n, 1000.5],
    ['1e3', 'int,uint,float', 1000n, 1000n, 1000],
    ['0x1p-2', 'float', 0n, 0n, 0.25],
    ['0X1P+2', 'int,uint,float', 4n, 4n, 4],
    ['0x1.Fp0', 'float', 0n, 0n, 1.9375],
    ['.5', 'float', 0n, 0n, 0.5],
    ['5.', 'int,uint,float', 5n, 5n, 5],
    ['08.5', 'float', 0n, 0n, 8.5],
    ['1e-400', 'int,uint,float', 0n, 0n, 0],
    [
      '9223372036854775807',
      'int,uint,float',
      9223372036854775807n,
      9223372036854775807n,
      2 ** 63, // the float64 nearest to 2^63-1
    ],
    ['9223372036854775808', 'uint,float', 0n, 9223372036854775808n, 2 ** 63],
    ['18446744073709551615', 'uint,float', 0n, 18446744073709551615n, 2 ** 64],
    ['-9223372036854775808', 'int,float', -9223372036854775808n, 0n, -9223372036854775808],
    ['1e19', 'uint,float', 0n, 10000000000000000000n, 1e19],
    ['1e20', 'float', 0n, 0n, 1e20],
    ['-1e19', 'float', 0n, 0n, -1e19],
    ["'a'", 'int,uint,float', 97n, 97n, 97],
    ["'é'", 'int,uint,float', 233n, 233n, 233],
    ["'\\x41'", 'int,uint,float', 65n, 65n, 65],
    ["'\\u00e9'", 'int,uint,float', 233n, 233n, 233],
    ["'\\''", 'int,uint,float', 39n, 39n, 39],
    ["'😀'", 'int,uint,float', 0x1f600n, 0x1f600n, 0x1f600],
    ['0i', 'int,uint,float,complex', 0n, 0n, 0],
    ['2i', 'complex', 0n, 0n, 0],
    ['1+2i', 'complex', 0n, 0n, 0],
    ['3+0i', 'int,uint,float,complex', 3n, 3n, 3],
  ];
  for (const [text, expectKinds, i64, u64, f64] of cases) {
    const n = number(text);
    assert.deepEqual([kinds(n), n.int64, n.uint64, n.float64], [expectKinds, i64, u64, f64], text);
    assert.equal(n.text, text);
  }
  assert.ok(Object.is(number('-0.0').float64, -0)); // Helm prints it as -0
});

test('parseComplex reads complex and imaginary constants', () => {
  assert.deepEqual(parseComplex('1+2i'), { re: 1, im: 2 });
  assert.deepEqual(parseComplex('1.5-2.5i'), { re: 1.5, im: -2.5 });
  assert.deepEqual(parseComplex('1e3+1i'), { re: 1000, im: 1 });
  assert.deepEqual(parseComplex('1+1e3i'), { re: 1, im: 1000 });
  assert.deepEqual(parseComplex('0x1p3+0x1p1i'), { re: 8, im: 2 });
  assert.deepEqual(parseComplex('-1i'), { re: 0, im: -1 });
  assert.deepEqual(parseComplex('2.5i'), { re: 0, im: 2.5 });
  assert.equal(parseComplex('0x1+2i'), 'strconv.ParseFloat: parsing "0x1": invalid syntax');
  assert.equal(parseComplex('1e400+1i'), 'strconv.ParseFloat: parsing "1e400": value out of range');
});

test('string constants keep their quoted text and decode escapes', () => {
  const str = (text: string): StringNode =>
    (top(`{{ ${text} }}`).nodes[0] as ActionNode).pipe.cmds[0].args[0] as StringNode;
  // Helm printed Aé😀A\a\b\f\n\r\t\v\" for this one.
  const s = str('"\\x41\\u00e9\\U0001F600\\101\\a\\b\\f\\n\\r\\t\\v\\\\\\""');
  assert.equal(s.text, 'Aé😀A\x07\x08\x0c\n\r\t\x0b\\"');
  assert.equal(s.quoted, '"\\x41\\u00e9\\U0001F600\\101\\a\\b\\f\\n\\r\\t\\v\\\\\\""');
  assert.equal(str('"\\xc3\\xa9"').text, 'é'); // escaped bytes form UTF-8
  assert.equal(str('`a\\n\r\nb`').text, 'a\\n\nb'); // raw: no escapes, carriage returns dropped
  assert.equal(str('"日本"').text, '日本');
});

test('the template set: top level, defines and blocks', () => {
  const set = parse('file.tpl', 'top{{ define "a" }}A{{ end }}{{ block "b" . }}B{{ end }}', OPTIONS);
  assert.deepEqual([...set.keys()].sort(), ['a', 'b', 'file.tpl']);
  for (const [name, tree] of set) {
    assert.equal(tree.name, name);
    assert.equal(tree.parseName, 'file.tpl');
    assert.equal(tree.text, 'top{{ define "a" }}A{{ end }}{{ block "b" . }}B{{ end }}');
  }
  assert.equal(nodeString(set.get('file.tpl')!.root), 'top{{template "b" .}}');
  assert.equal(nodeString(set.get('a')!.root), 'A');
  assert.equal(nodeString(set.get('b')!.root), 'B');
  // An empty definition never replaces a non-empty one; a non-empty one replaces an empty one.
  const empties = parse(
    'f',
    '{{define "x"}}X{{end}}{{define "x"}} {{/* c */}} {{end}}{{define "y"}}{{end}}{{define "y"}}Y{{end}}',
    OPTIONS,
  );
  assert.equal(nodeString(empties.get('x')!.root), 'X');
  assert.equal(nodeString(empties.get('y')!.root), 'Y');
  // A define named like the file, with an empty top level: the define stays.
  const same = parse('f', '{{define "f"}}D{{end}}\n', OPTIONS);
  assert.equal(nodeString(same.get('f')!.root), 'D');
  assert.equal(
    parseError('{{define "f"}}D{{end}}x', OPTIONS, 'f'),
    'template: f:1: template: multiple definition of template "f"',
  );
});

test('isEmptyTree: only space and comments', () => {
  assert.equal(isEmptyTree(null), true);
  assert.equal(isEmptyTree(top(' \n\t\u00a0\u2003')), true);
  assert.equal(isEmptyTree(top('{{/* c */}}', { ...OPTIONS, parseComments: true })), true);
  assert.equal(isEmptyTree(top('\ufeff')), false); // not a space to Go
  assert.equal(isEmptyTree(top(' x ')), false);
  assert.equal(isEmptyTree(top('{{ 1 }}')), false);
  assert.equal(isEmptyTree(top('{{ if 1 }}{{ end }}')), false);
});

test('variables: scoping and declarations', () => {
  assert.equal(
    parseError('{{ $x := 1 }}{{ if 1 }}{{ $x }}{{ $y := 2 }}{{ $y }}{{ end }}{{ $x }}'),
    'no error',
  );
  assert.equal(
    parseError('{{ range $v := . }}{{ end }}{{ $v }}'),
    'template: gotpl:1: undefined variable "$v"',
  );
  assert.equal(parseError('{{ with $v := . }}{{ else }}{{ $v }}{{ end }}'), 'no error');
  assert.equal(parseError('{{ block "b" . }}{{ $ }}{{ end }}'), 'no error');
  assert.equal(
    parseError('{{ $x := 1 }}{{ block "b" . }}{{ $x }}{{ end }}'),
    'template: gotpl:1: undefined variable "$x"',
  );
  assert.equal(parseError('{{ $x := $x }}'), 'no error'); // declared before its pipeline is read, as in Go
  const decl = (top('{{ range $i, $v := . }}{{ end }}').nodes[0] as IfNode).pipe.decl;
  assert.deepEqual(decl, [
    { type: 'variable', pos: 9, ident: ['$i'] },
    { type: 'variable', pos: 13, ident: ['$v'] },
  ]);
  assert.equal((top('{{ $x := 1 }}{{ $x = 2 }}').nodes[1] as ActionNode).pipe.isAssign, true);
});

test('options: function check, custom delimiters, break as a function', () => {
  assert.equal(parseError('{{ nope 1 }}'), 'template: gotpl:1: function "nope" not defined');
  assert.equal(parseError('{{ nope 1 }}', { ...OPTIONS, skipFuncCheck: true }), 'no error');
  const delims: ParseOptions = { ...OPTIONS, leftDelim: '[[', rightDelim: ']]' };
  assert.equal(
    nodeString(top('{{ x }}[[ .a ]][[- if 1 -]] y [[ end ]]', delims)),
    '{{ x }}{{.a}}{{if 1}}y {{end}}',
  );
  assert.equal(parseError('[[ if ]]', delims), 'template: gotpl:1: missing value for if');
  const breakFn: ParseOptions = { hasFunction: (n) => n === 'break' };
  assert.equal(nodeString(top('{{ break 1 }}', breakFn)), '{{break 1}}');
});

test('errors report the line of the latest token', () => {
  assert.equal(parseError('a\nb\n{{ if }}'), 'template: gotpl:3: missing value for if');
  assert.equal(parseError('{{ if 1 }}\n\n'), 'template: gotpl:3: unexpected EOF');
  assert.equal(
    parseError('{{ print\n\n "a" 1.x }}'),
    'template: gotpl:3: bad number syntax: "1.x" in action started at gotpl:1',
  );
  assert.equal(
    parseError('{{ block "x" . }}\n{{ else }}'),
    'template: gotpl:1: unexpected {{else}} in block clause',
  );
  assert.equal(
    parseError('{{ define "x" }}\n\n{{ else }}'),
    'template: gotpl:3: unexpected {{else}} in define clause',
  );
});

test('parenthesized nesting is limited', () => {
  const nested = (depth: number): string => `{{ ${'('.repeat(depth)}1${')'.repeat(depth)} }}`;
  assert.equal(parseError(nested(1000)), 'no error');
  assert.equal(parseError(nested(1001)), 'template: gotpl:1: max expression depth exceeded');
});

test('a 3,000-line template parses in a few milliseconds', () => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    lines.push(
      i % 3 === 0
        ? `  name: {{ .Values.name | print "x" }}-{{ $.Release.Name }}`
        : i % 3 === 1
          ? `{{- if .Values.enabled }}  key{{ $i := ${i} }}: {{ printf "%d" $i | print }}{{ end }}`
          : `  plain text line with some words ${i}`,
    );
  }
  const text = lines.join('\n');
  parse('warm-up', text, OPTIONS);
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    const before = process.cpuUsage();
    parse('big', text, OPTIONS);
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  // Typically under 15 ms of CPU; the bound leaves room for slow, busy machines.
  assert.ok(best < 150, `parse took ${best} ms`);
});
