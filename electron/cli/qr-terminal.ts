import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/** The text a PNG QR image encodes, or null when it is no PNG or holds no readable QR code. */
export function decodeQrPng(bytes: Buffer): string | null {
  try {
    const png = PNG.sync.read(bytes);
    return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ?? null;
  } catch {
    // Not a PNG (the framework may send JPEG) or a damaged one: the caller points at the image instead.
    return null;
  }
}

/**
 * The QR code drawn with half-block characters and explicit black-on-white colours, so it scans on dark
 * and light terminals alike; two modules per text line keep it small enough for an 80×24 window.
 */
export function drawQr(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}
