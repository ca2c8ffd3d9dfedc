import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticsReason, odataError, pageRecords } from './responses.js';

test('x-ms-diagnostics reason is read like the CrowdStrike client read it', () => {
  assert.equal(
    diagnosticsReason(
      '2000001;reason="OAuth token submitted with the request cannot be parsed.";error_category="invalid_token"',
    ),
    'OAuth token submitted with the request cannot be parsed.',
  );
  assert.equal(diagnosticsReason(undefined), undefined);
  assert.equal(diagnosticsReason('2000001;error_category="invalid_token"'), undefined);
});

test('error bodies and pages', () => {
  assert.deepEqual(
    odataError(Buffer.from('{"error":{"code":"ErrorAccessDenied","message":"Access is denied."}}')),
    {
      code: 'ErrorAccessDenied',
      message: 'Access is denied.',
    },
  );
  assert.deepEqual(odataError(Buffer.from('<html>')), {});
  assert.deepEqual(pageRecords(Buffer.from('{"value":[{"a":1}]}')), { records: [{ a: 1 }] });
  assert.ok('invalid' in pageRecords(Buffer.from('{"value":[{"a":1}')));
  assert.ok('invalid' in pageRecords(Buffer.from('{"values":[]}')));
});
