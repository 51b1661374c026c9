/** The uitable layout helm's history and list tables use. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable } from '../../lib/cli/release/index.ts';

test('a multi-line cell widens its column to its longest line, is cut with ... and spreads its row', () => {
  // Printed by helm v3.17.3 `history` for a revision whose description has two lines.
  const helm =
    'REVISION\tUPDATED                 \tSTATUS    \tCHART   \tAPP VERSION\tDESCRIPTION                                                     \n' +
    '1       \tTue Nov 24 05:57:20 2026\tsuperseded\tc4-0.1.0\t           \tInstall complete                                                \n' +
    '2       \tTue Nov 24 05:57:21 2026\tsuperseded\tc4-0.1.0\t           \tline one                                                        \n' +
    '        \t                        \t          \t        \t           \tline two is a lot longer than the first line and goes...        \n' +
    '3       \tTue Nov 24 05:57:21 2026\tdeployed  \tc4-0.1.0\t           \tRollback to 1                                                   \n';
  const rows = [
    ['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION'],
    ['1', 'Tue Nov 24 05:57:20 2026', 'superseded', 'c4-0.1.0', '', 'Install complete'],
    [
      '2',
      'Tue Nov 24 05:57:21 2026',
      'superseded',
      'c4-0.1.0',
      '',
      'line one\nline two is a lot longer than the first line and goes past sixty',
    ],
    ['3', 'Tue Nov 24 05:57:21 2026', 'deployed', 'c4-0.1.0', '', 'Rollback to 1'],
  ];
  assert.equal(formatTable(rows), helm);
});

test('wide characters count two columns; control characters none', () => {
  assert.equal(
    formatTable([
      ['日本', 'x'],
      ['abc', 'y'],
    ]),
    '日本\tx\nabc \ty\n',
  );
  assert.equal(formatTable([]), '\n');
});
