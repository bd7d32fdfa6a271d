/** Writes a matrix: the page (matrix-html.ts) and the matrix verdict file beside it (OUT.json). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderMatrix } from '../../fixtures/verdicts/matrix-html.ts';
import { matrixFile, type MatrixCell } from '../../fixtures/verdicts/matrix-file.ts';

export function matrixJsonBeside(outHtml: string): string {
  return outHtml.replace(/\.html$/, '.json');
}

/** `cells[].verdictFile` are paths as given; the outputs refer to them relative to OUT. */
export function writeMatrix(outHtml: string, cells: MatrixCell[], mergedHtmlReport?: string): { html: string; json: string } {
  const dir = path.dirname(path.resolve(outHtml));
  const relative = (file: string) => path.relative(dir, path.resolve(file));
  const columns = cells.map(({ report, verdictFile }) => ({
    report,
    htmlReportHref: relative(path.resolve(path.dirname(verdictFile ?? outHtml), report.htmlReport)),
  }));
  writeFileSync(outHtml, renderMatrix(columns));
  const json = matrixJsonBeside(outHtml);
  const file = matrixFile(
    cells.map((cell) => ({ ...cell, verdictFile: cell.verdictFile && relative(cell.verdictFile) })),
    mergedHtmlReport && relative(mergedHtmlReport),
  );
  writeFileSync(json, `${JSON.stringify(file, null, 2)}\n`);
  return { html: outHtml, json };
}
