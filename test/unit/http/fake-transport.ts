import { RestError, createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Throw a network error with this code instead of answering. */
  networkError?: string;
}

/** A transport that answers from a script and records what was sent (no sockets). */
export class FakeTransport implements HttpClient {
  readonly sent: PipelineRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly answer: (request: PipelineRequest, index: number) => FakeAnswer | Promise<FakeAnswer>) {}

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const index = this.sent.length;
    this.sent.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const answer = await this.answer(request, index);
      if (answer.networkError) {
        // The real transport wraps socket errors in a RestError carrying the system error code.
        throw new RestError(`socket failure ${answer.networkError}`, { code: answer.networkError, request });
      }
      const isText = typeof answer.body === 'string';
      return {
        status: answer.status,
        request,
        headers: createHttpHeaders({ 'content-type': isText ? 'text/html' : 'application/json', ...(answer.headers ?? {}) }),
        bodyAsText: answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body),
      };
    } finally {
      this.inFlight--;
    }
  }
}
