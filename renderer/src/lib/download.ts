/**
 * Saves text as a file through the browser's download: in TokenDesk, Electron asks where to save it
 * (no will-download handler sets a path, security.ts); in a plain browser it lands in Downloads. The
 * file holds a definition, never a secret value, so it needs no trip through main.
 */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the blob by now; revoking later keeps slow starts safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A definition as the file the editor exports and imports: pretty JSON named after its id. */
export function downloadDefinition(definition: unknown, id: string): void {
  downloadText(`${id || 'custom-provider'}.json`, `${JSON.stringify(definition, null, 2)}\n`);
}
