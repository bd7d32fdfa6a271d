/** Traces are scrubbed of the run's secrets entry by entry and stay valid archives. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import JSZip from 'jszip';
import { redactBytes, redactTraceArchive } from '../../fixtures/verdicts/trace-redaction.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('trace redaction', () => {
  it('replaces every occurrence of every secret, and returns the same buffer when there is none', () => {
    const data = Buffer.from('user=a&password=S3cretPass1&again=S3cretPass1;cookie=Tok3nValue9');
    assert.equal(redactBytes(data, ['S3cretPass1', 'Tok3nValue9']).toString(), 'user=a&password=[REDACTED]&again=[REDACTED];cookie=[REDACTED]');
    assert.equal(redactBytes(data, ['absent-secret']), data);
  });

  it('rewrites the archive without the secrets, leaving other entries byte for byte', async () => {
    const file = path.join(tempDir('trace'), 'trace.zip');
    const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]);
    const zip = new JSZip();
    zip.file('trace.trace', '{"type":"action","params":{"value":"S3cretPass1"}}\n');
    zip.file('trace.network', '{"request":{"postData":"password=S3cretPass1"}}\n');
    zip.file('resources/shot.png', image);
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));

    assert.equal(await redactTraceArchive(file, ['S3cretPass1']), 2);
    const scrubbed = await JSZip.loadAsync(readFileSync(file));
    assert.deepEqual(JSON.parse(await scrubbed.file('trace.trace')!.async('string')), { type: 'action', params: { value: '[REDACTED]' } });
    assert.match(await scrubbed.file('trace.network')!.async('string'), /password=\[REDACTED\]/);
    assert.deepEqual(await scrubbed.file('resources/shot.png')!.async('nodebuffer'), image);
  });
});
