import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeCodePoints, formatReport } from '../../src/ingest/build.js';
import { withTempIndex } from '../helpers/temp-index.js';

test('garbled text is shown as code points; printable ASCII stays', () => {
  assert.equal(escapeCodePoints('??偸杖?91萬'), '\\u{3F}\\u{3F}\\u{5078}\\u{6756}\\u{3F}91\\u{842C}');
  assert.equal(escapeCodePoints('abc 12,;'), 'abc 12,;');
});

test('the ingest report on the real corpus lists each mojibake span as code points with its reading', async () => {
  await withTempIndex({}, async ({ report }) => {
    const text = formatReport(report);
    const lines = text.split('\n').filter((l) => / @\d+: /.test(l));
    assert.equal(lines.length, report.mojibake.length);
    assert.ok(lines.length >= 4);
    for (const line of lines) {
      assert.doesNotMatch(line, /\?\?|偸/, 'no raw garbage in the report');
      assert.match(line, /\\u\{[0-9A-F]+\}/);
      assert.match(line, /reads as "/);
    }
  });
});
