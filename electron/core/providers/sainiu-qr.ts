import { TokenDeskError } from '../errors';
import { redactSecrets } from '../redaction';
import { describeBody } from '../http/describe';
import { isLoopback } from '../http/proxy';
import type { HttpClient } from '../http/types';
import { requirePlainValue } from './answer-checks';
import { fieldValue, isObject, rejected, secretValues, toNumber, toText } from './common';
import { ensureAccessInit, postSaiNiu, saiNiuProvider } from './sainiu';
import type { ExchangeContext, ExchangeInput } from './types';

/** The largest QR image TokenDesk accepts (the framework's PNGs are a few kB). */
export const QR_IMAGE_MAX_BYTES = 1024 * 1024;
/** Raster types only: an SVG could carry script, and nothing else is a QR code image. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

/** What GetQRcode hands out: the polling id (a secret: it becomes the logon token) and the image address. */
export interface SaiNiuQrCode {
  lgToken: string;
  imageUrl: URL;
}

/** A fetched QR image. */
export interface QrImage {
  bytes: Buffer;
  contentType: string;
}

/**
 * The image address GetQRcode gave, as a URL TokenDesk may fetch: `//host/…` is resolved with https,
 * https is fine, and plain http only on this machine (a local test framework). Anything else is refused.
 */
export function resolveQrImageUrl(raw: string): URL {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text.startsWith('//') ? `https:${text}` : text);
  } catch {
    throw new TokenDeskError('bad_response', `The SaiNiu framework sent a QR image address that is not a URL ("${text.slice(0, 80)}"). Check the framework version (GetQRcode needs ≥ 2.0.5.0).`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) return url;
  throw new TokenDeskError('bad_response', `TokenDesk only loads the QR image over https (or from this machine), not from ${url.protocol}//${url.host}. Check the framework's proxy settings.`);
}

/**
 * `GetQRcode`: `post=GetQRcode&data={"ip":""}` answers WITHOUT the `{code,data}` envelope:
 * `{adToken, success, lgToken, message, url:"//img.alicdn.com/….png"}` (showdoc.com.cn/sainiu, 取登录二维码).
 */
export async function requestSaiNiuQrCode(input: ExchangeInput, ctx: ExchangeContext): Promise<SaiNiuQrCode> {
  const baseUrl = fieldValue(input, 'baseUrl');
  const secrets = secretValues(saiNiuProvider.info.fields, input);
  await ensureAccessInit(input, ctx, secrets);
  const response = await postSaiNiu(ctx, baseUrl, '/SaiNiuApi/Cookie', 'GetQRcode', { ip: '' }, 'qr_code', secrets);
  const body = response.json;
  if (!isObject(body)) {
    throw new TokenDeskError('bad_response', redactSecrets(`The SaiNiu framework at ${baseUrl} did not answer GetQRcode with JSON (${describeBody(response, secrets)}). Check that the address points at the framework.`, secrets), { status: response.status });
  }
  const lgToken = toText(body.lgToken);
  const url = toText(body.url);
  if (body.success === true && lgToken && url) return { lgToken: requirePlainValue(lgToken, 'the login id (lgToken)', 'SaiNiu'), imageUrl: resolveQrImageUrl(url) };
  // An enveloped answer here is the framework refusing the call (too old, not authorised, ...).
  const code = toNumber(body.code);
  const message = toText(body.message) || toText(body.msg);
  if (body.success === false || (code !== null && code !== 200)) {
    throw rejected(`The SaiNiu framework could not make a login QR code${message ? ` ("${message}")` : ''}. Check that it runs version 2.0.5.0 or later and has network access, then try again.`,
      { code: code !== null ? String(code) : 'GetQRcode', message }, secrets, { status: response.status });
  }
  throw new TokenDeskError('bad_response', `The SaiNiu framework answered GetQRcode without ${lgToken ? 'an image address (url)' : 'a polling id (lgToken)'}. Check the framework version (2.0.5.0 or later).`, { status: response.status });
}

/** Fetches the QR image in main/core (the window never loads remote images): image types only, ≤ 1 MiB. */
export async function fetchQrImage(http: HttpClient, url: URL): Promise<QrImage> {
  const response = await http.request({ method: 'GET', url: url.href, operation: 'qr_image' });
  const where = `${url.protocol}//${url.host}`;
  if (response.status !== 200) {
    throw new TokenDeskError('http_error', `The QR image at ${where} could not be loaded (HTTP ${response.status}). Ask for a new QR code.`, { status: response.status });
  }
  const contentType = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!IMAGE_TYPES.has(contentType)) {
    throw new TokenDeskError('bad_response', `The QR image at ${where} is not an image (${contentType || 'no content type'}). Ask for a new QR code; if it keeps happening, check the framework's proxy.`);
  }
  const bytes = Buffer.from(response.bytes ?? Buffer.from(response.text));
  if (bytes.length === 0 || bytes.length > QR_IMAGE_MAX_BYTES) {
    throw new TokenDeskError('bad_response', `The QR image at ${where} is ${bytes.length === 0 ? 'empty' : 'larger than 1 MiB'}. Ask for a new QR code.`);
  }
  return { bytes, contentType };
}

/** The image as a `data:` URL, the only form the window's CSP lets it show. */
export function imageDataUrl(image: QrImage): string {
  return `data:${image.contentType};base64,${image.bytes.toString('base64')}`;
}
