import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadChart } from '../../lib/chart/index.ts';
import { chartToStored, releaseToJSON } from '../../lib/release/index.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** The `"chart":{...}` member of a record, as text. */
function chartJSON(record: string): string {
  const start = record.indexOf('"chart":');
  const end = record.indexOf(',"config":');
  return record.slice(start, end);
}

test('chartToStored writes the chart exactly as helm stored it (chart without dependencies)', () => {
  const stored = chartToStored(loadChart(join(here, 'fixtures', 'chart-basic')));
  const helm = readFileSync(join(here, 'fixtures', 'helm-install-basic.json'), 'utf8');
  assert.equal(releaseToJSON({ chart: stored }), `{${chartJSON(helm)}}`);
});

test('chartToStored keeps only the root chart: subcharts are not stored', () => {
  const chart = loadChart(join(here, 'fixtures', 'chart-full'));
  assert.ok(chart.dependencies.length > 0);
  const stored = chartToStored(chart);
  assert.ok(!('dependencies' in stored));
  const names = (stored.files ?? []).map((f) => f?.name);
  assert.ok(names.includes('crds/crd.yaml'));
  assert.ok(names.includes('Chart.lock') === false, 'Chart.lock becomes lock, not a file');
  assert.ok(!names.some((n) => n?.startsWith('charts/')));
  assert.equal(
    stored.lock?.digest,
    'sha256:0000000000000000000000000000000000000000000000000000000000000000',
  );
  assert.ok(stored.schema instanceof Uint8Array);
});
