/** proxy-from-env (installed with axios) ships no types; bench/proxy-choice.ts uses this one function. */
declare module 'proxy-from-env' {
  export function getProxyForUrl(url: string | URL): string;
}
