// Resolve hook: 'electron' → the stand-in module next to this file (TypeScript, resolved through tsx's hook).
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return nextResolve('./electron.ts', { ...context, parentURL: import.meta.url });
  return nextResolve(specifier, context);
}
