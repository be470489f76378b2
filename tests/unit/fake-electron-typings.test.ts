import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The Electron stand-in (tests/unit/helpers/fake-electron/electron.ts) is typed against Electron 45's own
// node_modules/electron/electron.d.ts: a member the real API lacks, or a signature it would not accept,
// fails to compile. This compiles the stand-in (and drifted copies of it) the way `tsc -b` does.
const fake = path.resolve(import.meta.dirname, 'helpers/fake-electron/electron.ts');
const original = await readFile(fake, 'utf8');

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  isolatedModules: true,
};

// Each compile reuses the previous program's unchanged files (electron.d.ts, lib files).
let previous: ts.Program | undefined;

/** Compile errors of the stand-in with `text` in place of its source. */
function errorsOf(text: string): string[] {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, onError, create) =>
    path.resolve(fileName) === fake ? ts.createSourceFile(fileName, text, version) : read(fileName, version, onError, create);
  const program = ts.createProgram([fake], options, host, previous);
  previous = program;
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function drifted(from: string, to: string): string {
  expect(original).toContain(from);
  return original.replace(from, to);
}

describe('the Electron stand-in follows electron.d.ts', () => {
  it('compiles as it is', () => {
    expect(errorsOf(original)).toEqual([]);
  });

  it('a misspelt method (setAppUserModelID) does not compile', () => {
    expect(errorsOf(drifted('  setAppUserModelId(id: string): void {', '  setAppUserModelID(id: string): void {'))).not.toEqual([]);
  });

  it('a wrong return (a synchronous clipboard.readText, as before Electron 45) does not compile', () => {
    const sync = drifted(
      'readText: async (): Promise<string> => (waylandClipboard && !focused() ? state.clipboardText : state.systemClipboard),',
      'readText: (): string => state.systemClipboard,',
    );
    expect(errorsOf(sync)).not.toEqual([]);
  });

  it('an export Electron does not have does not compile', () => {
    expect(errorsOf(drifted('const all = {\n  app,', 'const all = {\n  tray: Tray,\n  app,'))).not.toEqual([]);
  });
});
