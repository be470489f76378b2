import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The Electron stand-in (tests/unit/helpers/fake-electron/, entry electron.ts) is typed against Electron 45's own
// node_modules/electron/electron.d.ts: a member the real API lacks, or a signature it would not accept,
// fails to compile. This compiles the stand-in (and drifted copies of it) the way `tsc -b` does.
const dir = path.resolve(import.meta.dirname, 'helpers/fake-electron');
const fake = path.join(dir, 'electron.ts');
const sources = Object.fromEntries(
  await Promise.all(['electron.ts', 'app.ts', 'desktop.ts'].map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as const)),
);

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

/** Compile errors of the stand-in with `changed` files (by name) in place of their sources. */
function errorsOf(changed: Record<string, string> = {}): string[] {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, onError, create) => {
    const text = changed[path.relative(dir, path.resolve(fileName))];
    return text !== undefined ? ts.createSourceFile(fileName, text, version) : read(fileName, version, onError, create);
  };
  const program = ts.createProgram([fake], options, host, previous);
  previous = program;
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** `file` with `from` replaced by `to`. */
function drifted(file: string, from: string, to: string): Record<string, string> {
  const text = sources[file]!;
  expect(text).toContain(from);
  return { [file]: text.replace(from, to) };
}

describe('the Electron stand-in follows electron.d.ts', () => {
  it('compiles as it is', () => {
    expect(errorsOf()).toEqual([]);
  });

  it('a misspelt method (setAppUserModelID) does not compile', () => {
    expect(errorsOf(drifted('app.ts', '  setAppUserModelId(id: string): void {', '  setAppUserModelID(id: string): void {'))).not.toEqual([]);
  });

  it('a wrong return (a synchronous clipboard.readText, as before Electron 45) does not compile', () => {
    const sync = drifted(
      'desktop.ts',
      'readText: async (): Promise<string> => (waylandClipboard && !focused() ? state.clipboardText : state.systemClipboard),',
      'readText: (): string => state.systemClipboard,',
    );
    expect(errorsOf(sync)).not.toEqual([]);
  });

  it('an export Electron does not have does not compile', () => {
    expect(errorsOf(drifted('electron.ts', 'const all = {\n  app,', 'const all = {\n  tray: Tray,\n  app,'))).not.toEqual([]);
  });
});
