import { TokenDeskError } from '../errors';
import { encodeBody } from './body';
import type { HttpClient, HttpRequest, HttpResponse } from './types';

/**
 * One HTTP request of an exchange as it went out and came back. Holds secrets (bodies, headers): it
 * lives only while one refresh runs and is redacted into a diagnostic before anything keeps it.
 */
export interface RawStep {
  operation: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  durationMs: number;
  /** The transport failure, when no answer came (its message is already free of the request's secrets). */
  failure: { code: string; message: string } | null;
  /** What the provider marked as secret for this request. */
  secrets: string[];
}

/**
 * Wraps the HTTP client for one refresh: remembers the operations and the last status (for the
 * history) and every request with its answer (for the account's diagnostic). Any provider gets this.
 */
export class RecordingClient implements HttpClient {
  readonly operations: string[] = [];
  readonly steps: RawStep[] = [];
  lastStatus: number | null = null;

  constructor(private readonly inner: HttpClient) {}

  async request(request: HttpRequest): Promise<HttpResponse> {
    this.operations.push(request.operation);
    const started = performance.now();
    const step: RawStep = {
      operation: request.operation,
      method: request.method,
      url: request.url,
      requestHeaders: { ...(request.headers ?? {}) },
      requestBody: encodeBody(request).data ?? null,
      status: null,
      responseHeaders: {},
      responseBody: null,
      durationMs: 0,
      failure: null,
      secrets: [...(request.secrets ?? [])],
    };
    this.steps.push(step);
    try {
      const response = await this.inner.request(request);
      this.lastStatus = response.status;
      step.status = response.status;
      step.responseHeaders = response.headers;
      step.responseBody = response.text;
      step.durationMs = response.durationMs;
      return response;
    } catch (error) {
      step.durationMs = Math.round(performance.now() - started);
      if (error instanceof TokenDeskError) {
        if (error.status !== undefined) this.lastStatus = error.status;
        step.status = error.status ?? null;
        step.failure = { code: error.code, message: error.message };
      } else {
        step.failure = { code: 'internal', message: 'The request failed unexpectedly.' };
      }
      throw error;
    }
  }
}
