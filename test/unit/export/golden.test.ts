// Golden files: what each target writes for examples/getting-started, reviewed by hand.
// Regenerate with `npx vitest run --project unit test/unit/export -u`, then read the diff.
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, renderExport } from '../../../src/export/formats.js';
import type { ExportFormat } from '../../../src/export/formats.js';
import { exampleModel } from '../../helpers/export-app.js';

const formats = Object.keys(EXPORT_FORMATS) as ExportFormat[];

describe('export golden files (examples/getting-started)', () => {
  it.each(formats)('%s', async (format) => {
    const result = renderExport(format, exampleModel());
    expect(result.files.map((file) => [file.path, file.mode.toString(8)])).toMatchSnapshot();
    for (const file of result.files) {
      await expect(file.content).toMatchFileSnapshot(
        `../../fixtures/export/${format}/${file.path}`,
      );
    }
  });
});
